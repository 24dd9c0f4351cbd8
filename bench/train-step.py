"""PyTorch CPU peer of bench/train-step.ts: ms per training step of the same CNN and MLP.

Run by train-step.ts with Debian's /usr/bin/python3 (python3-torch); prints one JSON line.
Same models, loss (softmax cross-entropy on logits), optimizer (Adam, lr 1e-3), batch (64
Fashion-MNIST-shaped random images, random labels) as the TypeScript side.
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
    )


def mlp() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def step_ms(model: nn.Module, steps: int, warmup: int) -> dict:
    """Median wall-clock ms per step, and process CPU ms per step (all threads)."""
    torch.manual_seed(0)
    x = torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step() -> None:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()  # the TypeScript side reads its loss too

    for _ in range(warmup):
        step()
    times = []
    cpu_start = time.process_time()
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / steps
    return {"wall": statistics.median(times), "cpu": cpu_ms}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "cnn": step_ms(cnn(), args.steps, args.warmup),
        "mlp": step_ms(mlp(), args.steps, args.warmup),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
