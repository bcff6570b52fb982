"""PyTorch reference for bench/training-speed.ts: the same two models, optimizer, batch size and data,
one thread. Reads the data the TS side wrote (raw float32, NHWC) and prints one JSON line per model.

    python3 bench/training-speed.py <data dir> <model: mlp|cnn> <epochs> <batch size> <seed>
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn

torch.set_num_threads(1)
data_dir, model_name, epochs, batch_size, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.manual_seed(seed)


def load(split):
    x = np.fromfile(f"{data_dir}/{split}.x.f32", dtype=np.float32).reshape(-1, 28, 28, 1)
    y = np.fromfile(f"{data_dir}/{split}.y.f32", dtype=np.float32).astype(np.int64)
    # PyTorch convolutions want NCHW.
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))), torch.from_numpy(y)


def build(name):
    if name == "mlp":
        layers = [nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10)]
    else:
        layers = [
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 64), nn.ReLU(), nn.Dropout(0.25), nn.Linear(64, 10),
        ]
    model = nn.Sequential(*layers)
    # Keras' defaults (glorot_uniform kernels, zero biases), as the tfjs models use.
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


x_train, y_train = load("train")
x_val, y_val = load("val")
model = build(model_name)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = nn.CrossEntropyLoss()
epoch_seconds = []
for epoch in range(epochs):
    model.train()
    order = torch.randperm(len(x_train))
    # CPU time, like the TS side: robust to other processes' load on a shared machine.
    start = time.process_time()
    for i in range(0, len(x_train), batch_size):
        idx = order[i : i + batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
    epoch_seconds.append(time.process_time() - start)
model.eval()
with torch.no_grad():
    accuracy = (model(x_val).argmax(1) == y_val).float().mean().item()
print(json.dumps({"epochSeconds": epoch_seconds, "valAccuracy": accuracy, "torch": torch.__version__}))
