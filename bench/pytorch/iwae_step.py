"""An idiomatic PyTorch version of iwae4j's batch-20 training step, for the side-by-side comparison.

Same models (the paper's MNIST architectures: tanh MLPs, std = exp(linear)), same objective (IWAE bound with
torch.logsumexp), Adam with eps = 1e-4, batch 20, a fixed binary batch (pixels on with probability 0.13) and
noise drawn by the model each step. Prints one line per cell: "cell layers=L k=K threads=T ms_per_step=X".
With --eval it times the L_5000 evaluation instead (the same forward pass under torch.no_grad(), 10 test
points x 5000 samples at a time): "eval layers=L threads=T points_per_s=X".

usage: python3 iwae_step.py --layers 1 --k 5 --threads 2 --seconds 3
       python3 iwae_step.py --eval --layers 1 --threads 1 --seconds 6
"""
import argparse
import math
import time

import torch
from torch import nn

LOG_2PI = math.log(2 * math.pi)


class Gaussian(nn.Module):
    """A tanh MLP with a mean head and a log-sigma head."""

    def __init__(self, sizes):
        super().__init__()
        layers = []
        for a, b in zip(sizes[:-2], sizes[1:-1]):
            layers += [nn.Linear(a, b), nn.Tanh()]
        self.trunk = nn.Sequential(*layers)
        self.mean = nn.Linear(sizes[-2], sizes[-1])
        self.log_sigma = nn.Linear(sizes[-2], sizes[-1])

    def forward(self, x):
        h = self.trunk(x)
        return self.mean(h), self.log_sigma(h)


def gaussian_log_density(x, mean, log_sigma):
    z = (x - mean) * torch.exp(-log_sigma)
    return (-0.5 * z * z - log_sigma - 0.5 * LOG_2PI).sum(-1)


class IWAE(nn.Module):
    def __init__(self, layers):
        super().__init__()
        if layers == 1:
            self.q = nn.ModuleList([Gaussian([784, 200, 200, 50])])
            self.p = nn.ModuleList([])
            self.px = nn.Sequential(nn.Linear(50, 200), nn.Tanh(), nn.Linear(200, 200), nn.Tanh(), nn.Linear(200, 784))
        else:
            self.q = nn.ModuleList([Gaussian([784, 200, 200, 100]), Gaussian([100, 100, 100, 50])])
            self.p = nn.ModuleList([Gaussian([50, 100, 100, 100])])
            self.px = nn.Sequential(nn.Linear(100, 200), nn.Tanh(), nn.Linear(200, 200), nn.Tanh(), nn.Linear(200, 784))

    def forward(self, x, k):
        # encoder of the first layer once per x, then k samples as a leading axis
        mean, log_sigma = self.q[0](x)
        h = mean + torch.exp(log_sigma) * torch.randn((k,) + mean.shape)
        log_q = gaussian_log_density(h, mean, log_sigma)
        hs = [h]
        for q in self.q[1:]:
            mean, log_sigma = q(hs[-1])
            h = mean + torch.exp(log_sigma) * torch.randn_like(mean)
            log_q = log_q + gaussian_log_density(h, mean, log_sigma)
            hs.append(h)
        log_p = (-0.5 * hs[-1] ** 2 - 0.5 * LOG_2PI).sum(-1)
        for i in range(len(hs) - 1, 0, -1):
            mean, log_sigma = self.p[i - 1](hs[i])
            log_p = log_p + gaussian_log_density(hs[i - 1], mean, log_sigma)
        logits = self.px(hs[0])
        log_p = log_p + (x * logits - nn.functional.softplus(logits)).sum(-1)
        log_w = log_p - log_q                                   # [k, B]
        return (torch.logsumexp(log_w, 0) - math.log(k)).mean()


def time_eval(layers, threads, seconds, k=5000, points=10):
    """L_k throughput in test points per second: `points` test points at a time, all k samples in one batch
    (k * points rows, as iwae4j's evaluator holds at most 50,000 rows), no gradients."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = IWAE(layers)
    x = (torch.rand(points, 784) < 0.13).float()

    def evaluate():
        with torch.no_grad():
            return model(x, k)

    evaluate()                                                  # warm-up
    end = time.perf_counter() + max(1.0, seconds / 2)
    while time.perf_counter() < end:
        evaluate()
    times = []
    for _ in range(5):
        n, start = 0, time.perf_counter()
        while n == 0 or time.perf_counter() - start < seconds / 5:
            evaluate()
            n += 1
        times.append((time.perf_counter() - start) / (n * points))
    return 1.0 / sorted(times)[2]


def time_cell(layers, k, threads, seconds):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = IWAE(layers)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, eps=1e-4)
    x = (torch.rand(20, 784) < 0.13).float()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = -model(x, k)
        loss.backward()
        opt.step()

    end = time.perf_counter() + max(1.0, seconds / 2)          # warm-up
    while time.perf_counter() < end:
        step()
    times = []
    for _ in range(5):                                          # five timed chunks; report the median
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 5:
            step()
            n += 1
        times.append((time.perf_counter() - start) / n)
    return sorted(times)[2] * 1e3


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3)
    ap.add_argument("--eval", action="store_true", help="time the L_5000 evaluation instead of the training step")
    a = ap.parse_args()
    if a.eval:
        pts = time_eval(a.layers, a.threads, a.seconds)
        print(f"eval layers={a.layers} threads={a.threads} points_per_s={pts:.2f}", flush=True)
        raise SystemExit(0)
    ms = time_cell(a.layers, a.k, a.threads, a.seconds)
    print(f"cell layers={a.layers} k={a.k} threads={a.threads} ms_per_step={ms:.3f}", flush=True)
