#!/usr/bin/env bash
# cli_expect.sh CODE REGEX CMD...: runs CMD, passes when it exits with CODE and its combined
# output matches the extended REGEX. A usage error must be one line, not a stack of them.
code=$1 regex=$2
shift 2
out=$("$@" 2>&1)
rc=$?
echo "$out"
if [[ $rc -ne $code ]]; then echo "FAIL: exit code $rc, expected $code"; exit 1; fi
if ! grep -Eq -- "$regex" <<<"$out"; then echo "FAIL: output does not match /$regex/"; exit 1; fi
if [[ $code -ne 0 ]] && [[ $(grep -c '^karst:' <<<"$out") -ne 1 ]]; then
  echo "FAIL: expected exactly one 'karst:' error line"; exit 1
fi
echo "PASS"
