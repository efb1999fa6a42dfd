# An unrequested Amazon sign-in code by SMS: genuine by content, and the plan says the password is known.
sed '1,/^$/d' tests/sms/messages/amazon_otp_en.txt | "$KAKUNIN" sms --sender Amazon -
