#!/usr/bin/env bash
# Regenerates the test-only TLS material of the OVHcloud fake (run once; the output is committed).
# The CA may only sign for 127.0.0.1 (X.509 name constraints) and its private key is thrown away,
# so trusting ca.crt (through NODE_EXTRA_CA_CERTS, for one process) cannot vouch for any other host.
# Validity: 2020-01-01 to 2120-01-01, so a machine whose clock is off by years still accepts it.
set -euo pipefail
cd "$(dirname "$0")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/db" && touch "$tmp/db/index.txt" && echo 1000 > "$tmp/db/serial"
cat > "$tmp/ca.cnf" <<CNF
[ca]
default_ca = fake
[fake]
database = $tmp/db/index.txt
serial = $tmp/db/serial
new_certs_dir = $tmp/db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[v3_ca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
nameConstraints = critical,permitted;IP:127.0.0.1/255.255.255.255
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1
authorityKeyIdentifier = keyid
CNF
dates=(-startdate 20200101000000Z -enddate 21200101000000Z)
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$tmp/ca.key" -out "$tmp/ca.csr" -subj "/CN=Guichet OVHcloud fake test CA (127.0.0.1 only)"
openssl ca -batch -config "$tmp/ca.cnf" -selfsign -keyfile "$tmp/ca.key" -in "$tmp/ca.csr" \
  -extensions v3_ca "${dates[@]}" -notext -out ca.crt
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout server.key -out "$tmp/server.csr" -subj "/CN=127.0.0.1"
openssl ca -batch -config "$tmp/ca.cnf" -cert ca.crt -keyfile "$tmp/ca.key" -in "$tmp/server.csr" \
  -extensions v3_server "${dates[@]}" -notext -out server.crt
chmod 644 server.key
openssl verify -CAfile ca.crt server.crt
