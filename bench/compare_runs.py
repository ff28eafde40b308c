#!/usr/bin/env python3
"""Compare two study folders: every JSON and CSV file equal but for timings and provenance.

usage: compare_runs.py RUN_A RUN_B

Prints, per file that differs, how many values differ and the first of them; files in one folder
only; and a last line with the totals. Exit code 0 when nothing differs. The stage records and the
report are skipped (they hold timings and drawings); .npy and .png files are not compared.
"""
import csv
import json
import os
import re
import sys

IGNORE = re.compile(r'seconds|Seconds|^time$|Time$|provenance|versions|^command$|imagesPerSecond|peakMb|createdAt|'
                    r'^history$')


def files(root):
    out = set()
    for d, _, names in os.walk(root):
        rel = os.path.relpath(d, root)
        if rel.split(os.sep)[0] in ('stages', 'report'):
            continue
        out.update(os.path.normpath(os.path.join(rel, f)) for f in names if f.endswith(('.json', '.csv')))
    return out


def differences(x, y, path=''):
    """Yield (path, x, y) for every value that differs, keys matching IGNORE aside."""
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            if IGNORE.search(k):
                continue
            if k not in x or k not in y:
                yield f'{path}/{k}', x.get(k, '<absent>'), y.get(k, '<absent>')
            else:
                yield from differences(x[k], y[k], f'{path}/{k}')
    elif isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            yield path, f'{len(x)} items', f'{len(y)} items'
        else:
            for i, (p, q) in enumerate(zip(x, y)):
                yield from differences(p, q, f'{path}[{i}]')
    elif x != y:
        yield path, x, y


def csv_differences(pa, pb):
    with open(pa) as fa, open(pb) as fb:
        ra, rb = list(csv.reader(fa)), list(csv.reader(fb))
    if len(ra) != len(rb) or (ra and ra[0] != rb[0]):
        yield 'shape or header', len(ra), len(rb)
        return
    keep = [i for i, h in enumerate(ra[0] if ra else []) if not IGNORE.search(h)]
    for r, (x, y) in enumerate(zip(ra, rb)):
        if [x[i] for i in keep if i < len(x)] != [y[i] for i in keep if i < len(y)]:
            yield f'row {r}', x, y


def main(a, b):
    fa, fb = files(a), files(b)
    total = 0
    for f in sorted(fa ^ fb):
        print(f'{f}: only in {"A" if f in fa else "B"}')
        total += 1
    for f in sorted(fa & fb):
        pa, pb = os.path.join(a, f), os.path.join(b, f)
        if f.endswith('.json'):
            with open(pa) as x, open(pb) as y:
                found = list(differences(json.load(x), json.load(y)))
        else:
            found = list(csv_differences(pa, pb))
        if found:
            path, x, y = found[0]
            print(f'{f}: {len(found)} values differ, first {path}: {str(x)[:60]} vs {str(y)[:60]}')
            total += 1
    print(f'{len(fa & fb)} files in both, {len(fa ^ fb)} in one only, {total} differ')
    return 1 if total else 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    sys.exit(main(sys.argv[1], sys.argv[2]))
