# An unknown id: one line on stderr naming the closest ids, exit 2.
"$KAKUNIN" explain link.userinf
