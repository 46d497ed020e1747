#!/bin/sh
# Fetches the SSH public keys of a user from the team directory.
exec ldapsearch -x -LLL -H ldap://127.0.0.1 -b "ou=people,dc=team,dc=example,dc=org" "(uid=$1)" sshPublicKey \
  | sed -n 's/^sshPublicKey: //p'
