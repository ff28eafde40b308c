#!/usr/bin/env python3
"""A second implementation of the benchmark's evaluation, in numpy: re-reads each run's saved weights
(model/model.safetensors) and its share's test split, recomputes the group metrics as the authors do
(per (digit, colour) group, then plain means) and compares them with the run's result.json.

usage: /usr/bin/python3 bench/benchmark_check.py OUT [--dfr-authors]

OUT is a `benchmark --out` or `sweep --preset lff-colored-mnist --out` folder. Prints one line per
run (share, method, seed, unbiased % recorded and recomputed, largest difference over the metrics)
and exits 1 when any metric differs by more than 1e-6.

--dfr-authors also refits every vanilla run's head as Deep Feature Reweighting's own code does
(deep_feature_reweighting/dfr_evaluate_spurious.py, DFR on validation: sklearn's liblinear with an
L1 penalty, C chosen from their grid by worst-group accuracy on half of the validation split,
features standardised by the training split, 20 group-balanced draws averaged) and prints its
unbiased accuracy beside the run's `dfr` result. Groups are (digit, wears its class colour or not),
as `dfr` uses. Needs scikit-learn (Debian: python3-sklearn).
"""
import glob
import json
import os
import struct
import sys

import numpy as np

C_OPTIONS = [1., 0.7, 0.3, 0.1, 0.07, 0.03, 0.01]
TOLERANCE = 1e-6


def weights(path):
    """The tensors of a safetensors file, by name."""
    with open(path, 'rb') as f:
        raw = f.read()
    size = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    out = {}
    for name, t in header.items():
        if name != '__metadata__':
            start, end = t['data_offsets']
            out[name] = np.frombuffer(raw[8 + size + start:8 + size + end], dtype=np.float32).reshape(t['shape'])
    return out


def split(folder):
    """Images as the authors' MLP sees them: NCHW flattened, divided by 255 by the loader and once more."""
    x = np.load(os.path.join(folder, 'images.npy'))
    x = x.transpose(0, 3, 1, 2).reshape(len(x), -1).astype(np.float32) / 255.0 / 255.0
    return x, np.load(os.path.join(folder, 'labels.npy')), np.load(os.path.join(folder, 'colors.npy'))


def hidden(w, x, prefix=''):
    for layer in ('fc1', 'fc2', 'fc3'):
        x = np.maximum(x @ w[prefix + layer + '.weight'].T + w[prefix + layer + '.bias'], 0)
    return x


def logits(w, x):
    if 'fc4.weight' in w:
        return hidden(w, x) @ w['fc4.weight'].T + w['fc4.bias']
    # DisEnt: the intrinsic and the bias encoder side by side, one head reading both.
    both = np.concatenate([hidden(w, x, 'encoders.intrinsic.'), hidden(w, x, 'encoders.bias.')], 1)
    return both @ w['fc.weight'].T + w['fc.bias']


def group_metrics(predicted, y, c):
    acc = np.array([[(predicted == y)[(y == d) & (c == k)].mean() for k in range(10)] for d in range(10)])
    return {'unbiased': acc.mean(), 'aligned': np.diag(acc).mean(),
            'conflicting': acc[~np.eye(10, dtype=bool)].mean(), 'worstGroup': acc.min()}


def balanced(groups, rng):
    members = [np.where(groups == g)[0] for g in np.unique(groups)]
    smallest = min(len(m) for m in members)
    return np.concatenate([rng.permutation(m)[:smallest] for m in members])


def dfr_authors(w, train, val, test, seed):
    """Unbiased test accuracy of the head refitted as DFR's code does, the C it chose and that C's
    worst-group accuracy on the scoring half of validation."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    rng = np.random.RandomState(seed)
    f_train, f_val, f_test = (hidden(w, s[0]) for s in (train, val, test))
    y_val, c_val = val[1], val[2]
    g_val = y_val * 2 + (c_val != y_val)
    order = rng.permutation(len(f_val))
    score, fit = order[:len(order) // 2], order[len(order) // 2:]
    fit = fit[balanced(g_val[fit], rng)]
    scaler = StandardScaler().fit(f_val[fit])
    worst = {}
    for c in C_OPTIONS:
        model = LogisticRegression(penalty='l1', C=c, solver='liblinear', random_state=seed).fit(
            scaler.transform(f_val[fit]), y_val[fit])
        right = model.predict(scaler.transform(f_val[score])) == y_val[score]
        worst[c] = min(right[g_val[score] == g].mean() for g in np.unique(g_val[score]))
    best = max(C_OPTIONS, key=lambda c: (worst[c], -C_OPTIONS.index(c)))
    scaler = StandardScaler().fit(f_train)
    coefs, intercepts = [], []
    for _ in range(20):
        draw = balanced(g_val, rng)
        model = LogisticRegression(penalty='l1', C=best, solver='liblinear', random_state=seed).fit(
            scaler.transform(f_val[draw]), y_val[draw])
        coefs.append(model.coef_)
        intercepts.append(model.intercept_)
    scores = scaler.transform(f_test) @ np.mean(coefs, 0).T + np.mean(intercepts, 0)
    return group_metrics(scores.argmax(1), test[1], test[2])['unbiased'], best, worst[best]


def main(out, with_dfr):
    results = sorted(glob.glob(os.path.join(out, 'runs', '*', '*', '*', 's*', 'result.json')))
    if not results:
        sys.exit(f'error: {out} holds no runs/<arch>/<share>/<method>/s<seed>/result.json; '
                 'give a benchmark or sweep --out folder')
    needed = ['train', 'val', 'hard'] if with_dfr else ['hard']
    loaded, sets, largest, dfr_rows = None, None, 0.0, []
    for path in results:
        result = json.load(open(path))
        share = path.split(os.sep)[-4]
        if share != loaded:  # the runs are sorted by share: one share's splits in memory at a time
            sets = {s: split(os.path.join(out, 'data', share, s)) for s in needed}
            loaded = share
        w = weights(os.path.join(os.path.dirname(path), 'model', 'model.safetensors'))
        metrics = group_metrics(logits(w, sets['hard'][0]).argmax(1), sets['hard'][1], sets['hard'][2])
        difference = max(abs(metrics[k] - result['test'][k]) for k in metrics)
        largest = max(largest, difference)
        print(f"{share} {result['method']} s{result['seed']}: unbiased {100 * result['test']['unbiased']:.2f} "
              f"recorded, {100 * metrics['unbiased']:.2f} recomputed, largest difference {difference:.1e}")
        if with_dfr and result['method'] == 'vanilla':
            accuracy, c, worst = dfr_authors(w, sets['train'], sets['val'], sets['hard'], result['seed'])
            ours = path.replace(os.sep + 'vanilla' + os.sep, os.sep + 'dfr' + os.sep)
            recorded = json.load(open(ours))['test']['unbiased'] if os.path.exists(ours) else float('nan')
            dfr_rows.append((share, result['seed'], accuracy, c, worst, recorded))
    for share, seed, accuracy, c, worst, recorded in dfr_rows:
        print(f'{share} s{seed}: DFR as its authors run it {100 * accuracy:.2f} (C {c}, worst group on '
              f'validation {100 * worst:.1f}), `dfr` here {100 * recorded:.2f}')
    print(f'{len(results)} runs, largest difference {largest:.1e}')
    sys.exit(0 if largest <= TOLERANCE else 1)


if __name__ == '__main__':
    if len(sys.argv) < 2 or sys.argv[1] in ('-h', '--help'):
        sys.exit(__doc__)
    main(sys.argv[1], '--dfr-authors' in sys.argv[2:])
