#!/usr/bin/env bash
# Assembles a corpus of ordinary English text from the documentation Debian packages
# ship on this machine (licences, READMEs, NEWS, changelogs, copyright files), for
# measuring scan false alerts and throughput. Deterministic for a given set of
# installed packages. Usage: scripts/english_corpus.sh OUT.txt [MAX_MB, default 64]
set -euo pipefail
out=${1:?usage: english_corpus.sh OUT.txt [MAX_MB]}
max=$(( ${2:-64} * 1024 * 1024 ))
: > "$out"
while read -r f; do
  [ "$(stat -c %s "$out")" -ge "$max" ] && break
  case "$f" in
    *.gz) zcat -f -- "$f" 2>/dev/null || true ;;
    *.bz2|*.xz|*.zst|*.html|*.htm|*.pdf) ;;
    *) cat -- "$f" ;;
  esac >> "$out"
  printf '\n\n' >> "$out"
done < <(
  find /usr/share/common-licenses -maxdepth 1 -type f | sort
  find /usr/share/doc -type f \( -iname 'README*' -o -iname 'NEWS*' -o -iname '*.txt' \
       -o -iname '*.md' -o -name 'copyright' -o -name 'changelog*' \) | sort
)
truncate -s "<$max" "$out"
echo "corpus: $out $(stat -c %s "$out") bytes" >&2
