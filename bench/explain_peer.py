"""PyTorch peer for `lazy-artist bench explain`: the same maps and stroke shares of random images, timed.
usage: /usr/bin/python3 bench/explain_peer.py ARCH [method=gradcam] [images=1000] [threads=2] [repeats=5]
ARCH: lazy | robust | pytorch-example; method: gradcam | saliency
The networks are freshly initialised (the weights do not change the cost); images and strokes are random
uint8, as the bench's. Prints the median and best of the timed runs after one warm-up.
"""
import statistics, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

arch = sys.argv[1]
method = sys.argv[2] if len(sys.argv) > 2 else "gradcam"
N = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 5
torch.set_num_threads(threads)
torch.manual_seed(0)
BATCH = 128


def net_of(a):
    """The layers up to the last convolutional stage's ReLU, and the head after it."""
    if a == "lazy":
        return (nn.Sequential(nn.Conv2d(3, 6, 9), nn.ReLU(), nn.Conv2d(6, 8, 7), nn.ReLU(), nn.Conv2d(8, 16, 3, 2, 1),
                              nn.ReLU()), nn.Sequential(nn.Flatten(), nn.Linear(784, 10)))
    if a == "robust":
        return (nn.Sequential(nn.Conv2d(3, 32, 5, 1, 2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3, 1, 1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(64, 128, 3, 1, 1), nn.BatchNorm2d(128), nn.ReLU()),
                nn.Sequential(nn.Flatten(), nn.Linear(128 * 49, 10)))
    if a == "pytorch-example":
        return (nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU()),
                nn.Sequential(nn.MaxPool2d(2), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(), nn.Linear(128, 10)))
    raise SystemExit("unknown arch " + a)


features, head = net_of(arch)
features.eval()
head.eval()
images = torch.randint(0, 256, (N, 28, 28, 3), dtype=torch.uint8)
strokes = torch.randint(0, 256, (N, 28, 28), dtype=torch.uint8)


def explain():
    shares = []
    for start in range(0, N, BATCH):
        x = images[start:start + BATCH].permute(0, 3, 1, 2).float().div(255)
        stroke = strokes[start:start + BATCH] > 0.3 * 255
        if method == "gradcam":
            a = features(x).detach().requires_grad_(True)
            logits = head(a)
            cls = logits.argmax(1)
            logits.gather(1, cls[:, None]).sum().backward()
            w = a.grad.mean(dim=(2, 3), keepdim=True)
            cam = F.relu((w * a).sum(1, keepdim=True))
            maps = F.interpolate(cam, size=(28, 28), mode="bilinear", align_corners=False)[:, 0]
        else:
            x.requires_grad_(True)
            logits = head(features(x))
            cls = logits.argmax(1)
            logits.gather(1, cls[:, None]).sum().backward()
            maps = x.grad.abs().amax(1)
        positive = maps.clamp(min=0).detach()
        total = positive.sum(dim=(1, 2))
        shares.append((positive * stroke).sum(dim=(1, 2)) / total)
    return torch.cat(shares)


explain()
seconds = []
for _ in range(repeats):
    t = time.time()
    explain()
    seconds.append(time.time() - t)
print(f"torch {torch.__version__} explain {arch} {method}: {N} images in {statistics.median(seconds):.3f} s median"
      f" (best {min(seconds):.3f} s), threads={threads}")
