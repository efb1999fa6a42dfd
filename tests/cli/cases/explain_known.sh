# A known id prints its severity, title, explanation and reference.
"$KAKUNIN" explain link.userinfo
