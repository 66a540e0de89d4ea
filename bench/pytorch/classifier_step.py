"""The MNIST classifier's training step in idiomatic PyTorch, beside iwae4j's ClassifierBench: 784-200-200-10,
ReLU, dropout 0.2, log-softmax, NLL loss, Adam at 1e-3; seeded grey-level inputs (the cost does not depend on them).

usage: classifier_step.py BATCH TORCH_THREADS SECONDS  ->  one line "batch=B torch_threads=T ms_per_step=X"
"""
import sys
import time

import torch


def main():
    batch, threads, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(200, 200), torch.nn.ReLU(), torch.nn.Dropout(0.2),
        torch.nn.Linear(200, 10), torch.nn.LogSoftmax(dim=1))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.nll_loss(model(x), y)
        loss.backward()
        opt.step()

    end = time.perf_counter() + 2.0   # warm-up
    while time.perf_counter() < end:
        step()
    best = float("inf")
    for _ in range(5):   # five chunks; the fastest is reported, as compare-pytorch.sh does
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds / 5:
            step()
            n += 1
        best = min(best, (time.perf_counter() - start) / n)
    print("batch=%d torch_threads=%d ms_per_step=%.4f" % (batch, threads, best * 1e3))


if __name__ == "__main__":
    main()
