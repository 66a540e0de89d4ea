"""Independent PyTorch evaluation of an iwae4j MNIST checkpoint: L_k on the first N test images.

Reads the safetensors checkpoint with nothing but the standard library and torch (no safetensors package),
rebuilds the model from the checkpoint's own spec (1 or 2 stochastic layers; weights are [in, out], a layer is
x @ W + b), binarizes the test images with torch's own generator, and estimates
L_k = log (1/k) sum_i p(x, h_i) / q(h_i | x) with k samples per image, summed in float64.

usage: /usr/bin/python3 eval_checkpoint.py CHECKPOINT MNIST_DIR [N] [--k 5000] [--seed 0] [--threads 2]
Prints: "pytorch L_k: N images, NLL = X +- SE nats" (NLL = -mean L_k, SE the standard error over images).
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import torch

LOG_2PI = math.log(2 * math.pi)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            sys.exit("error: %s: tensor %s has dtype %s, expected F32" % (path, name, info["dtype"]))
        start, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(raw[base + start:base + end]), dtype=torch.float32)
        tensors[name] = t.reshape(info["shape"])
    return tensors, meta


def parse_spec(spec):
    fields = dict(part.split("=", 1) for part in spec.split(";"))
    latent = [int(v) for v in fields["latent"].split(",")]
    hidden = [[int(v) for v in layer.split(",")] for layer in fields["hidden"].split("/")]
    if fields["likelihood"] != "BERNOULLI":
        sys.exit("error: this script evaluates Bernoulli (MNIST) models; the checkpoint's likelihood is " + fields["likelihood"])
    return int(fields["input"]), latent, hidden


def read_idx_images(mnist_dir, n):
    for name in ("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"):
        path = os.path.join(mnist_dir, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                raw = f.read()
            magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
            if magic != 2051:
                sys.exit("error: %s is not an IDX image file (magic %d)" % (path, magic))
            pixels = torch.frombuffer(bytearray(raw[16:16 + n * rows * cols]), dtype=torch.uint8)
            return pixels.reshape(n, rows * cols).to(torch.float32) / 255.0
    sys.exit("error: no t10k-images-idx3-ubyte(.gz) in " + mnist_dir)


class Net:
    """The conditional distributions, read straight from the checkpoint's tensors."""

    def __init__(self, tensors, prefix, trunk_layers, heads):
        self.trunk = [(tensors["%s.fc%d.w" % (prefix, i)], tensors["%s.fc%d.b" % (prefix, i)][0]) for i in range(trunk_layers)]
        self.heads = [(tensors["%s.%s.w" % (prefix, h)], tensors["%s.%s.b" % (prefix, h)][0]) for h in heads]

    def __call__(self, x):
        for w, b in self.trunk:
            x = torch.tanh(x @ w + b)
        return [x @ w + b for w, b in self.heads]


def gaussian_log_density(h, mean, log_sigma):
    z = (h - mean) * torch.exp(-log_sigma)
    return (-0.5 * z * z - log_sigma).sum(-1) - 0.5 * LOG_2PI * h.shape[-1]


def log_weights(x, k, q, p, px):
    """log p(x, h) - log q(h | x) for k samples of each row of x: [k, B]."""
    mean, log_sigma = q[0](x)
    h = [mean + torch.exp(log_sigma) * torch.randn((k,) + mean.shape)]
    log_q = gaussian_log_density(h[0], mean, log_sigma)
    for layer in q[1:]:
        mean, log_sigma = layer(h[-1])
        h.append(mean + torch.exp(log_sigma) * torch.randn(mean.shape))
        log_q = log_q + gaussian_log_density(h[-1], mean, log_sigma)
    log_p = -0.5 * (h[-1] * h[-1]).sum(-1) - 0.5 * LOG_2PI * h[-1].shape[-1]
    for layer, below, above in zip(reversed(p), reversed(h[:-1]), reversed(h[1:])):
        mean, log_sigma = layer(above)
        log_p = log_p + gaussian_log_density(below, mean, log_sigma)
    (logits,) = px(h[0])
    log_p = log_p + (x * logits - torch.nn.functional.softplus(logits)).sum(-1)
    return log_p - log_q


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoint")
    ap.add_argument("mnist_dir")
    ap.add_argument("n", nargs="?", type=int, default=500)
    ap.add_argument("--k", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=1000, help="samples per forward pass")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    tensors, meta = read_safetensors(args.checkpoint)
    inputs, latent, hidden = parse_spec(meta["spec"])
    layers = len(latent)
    q = [Net(tensors, "q%d" % (l + 1), len(hidden[l]), ("mean", "logSigma")) for l in range(layers)]
    p = [Net(tensors, "ph%d" % l, len(hidden[l]), ("mean", "logSigma")) for l in range(1, layers)]
    px = Net(tensors, "px", len(hidden[0]), ("logits",))

    grey = read_idx_images(args.mnist_dir, args.n)
    x_all = torch.bernoulli(grey)  # binarized by torch's generator, independently of iwae4j's
    t0 = time.time()
    per_image = torch.empty(args.n, dtype=torch.float64)
    batch = 10
    with torch.no_grad():
        for start in range(0, args.n, batch):
            x = x_all[start:start + batch]
            running = None  # log sum_i w_i over the chunks so far, in float64
            for done in range(0, args.k, args.chunk):
                kc = min(args.chunk, args.k - done)
                lse = torch.logsumexp(log_weights(x, kc, q, p, px).double(), dim=0)
                running = lse if running is None else torch.logaddexp(running, lse)
            per_image[start:start + x.shape[0]] = running - math.log(args.k)
    nll = -per_image.mean().item()
    se = per_image.std(unbiased=True).item() / math.sqrt(args.n)
    print("pytorch L_%d: %d images, NLL = %.3f +- %.3f nats (%s, %d stochastic layer(s), %.0f s)"
          % (args.k, args.n, nll, se, meta.get("objective", "?") + " k=" + meta.get("k", "?"), layers, time.time() - t0))


if __name__ == "__main__":
    main()
