#!/usr/bin/python3
"""One epoch of mini-batch SGD as the seed's numpy code runs it, timed: the yardstick for nabla's epoch.

network.py's math (sigmoid neurons, quadratic or cross-entropy cost, update_mini_batch), with the
mini-batch column-stacked as in the seed notebook's last cells: X is [n_0 × m], Y one-hot [n_L × m], one
matrix product per layer and pass, and nabla_b, nabla_w the sums over the m columns, then
w ← w − (η/m) Σ∇, b ← b − (η/m) Σ∇. Fashion-MNIST is read from its IDX .gz files with gzip and numpy.

Not a trainer: no evaluation inside the timed epoch, no regularisation, no momentum.

Run it with Debian's python3-numpy (OpenBLAS): /usr/bin/python3 bench/numpy_epoch.py [options].
OpenBLAS's threads are set from --threads before numpy is imported (default 2, this machine's cores).
"""
import argparse
import gzip
import os
import statistics
import sys
import time


def options():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--layers", default="784,1024,1024,10", help="sizes n_0,…,n_L (default %(default)s)")
    p.add_argument("--batch", type=int, default=1000, help="mini-batch size m (default %(default)s)")
    p.add_argument("--epochs", type=int, default=1, help="epochs timed (default %(default)s)")
    p.add_argument("--eta", type=float, default=0.1, help="learning rate η (default %(default)s)")
    p.add_argument("--cost", choices=["cross-entropy", "quadratic"], default="cross-entropy")
    p.add_argument("--threads", type=int, default=2, help="OpenBLAS threads (default %(default)s)")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="folder of the IDX .gz files")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    try:
        a.sizes = [int(n) for n in a.layers.split(",")]
    except ValueError:
        p.error("--layers must be integers separated by commas, got " + a.layers)
    if len(a.sizes) < 2 or min(a.sizes) < 1 or a.batch < 1 or a.epochs < 1 or a.threads < 1:
        p.error("--layers needs ≥ 2 positive sizes; --batch, --epochs and --threads must be ≥ 1")
    return a


def read_idx(path, header):
    """The bytes after an IDX file's header of `header` bytes, as uint8."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=header)


def load(folder, n_in, n_out):
    """Training images as columns x = pixel / 255 [784 × n] and labels [n]."""
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"), 16)
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"), 8).astype(np.int64)
    n = labels.size
    if images.size != n * n_in or labels.max() >= n_out:
        sys.exit(f"numpy_epoch: {folder} has {images.size // max(n, 1)} pixels per image and labels up to"
                 f" {labels.max()}; the network is [{n_in}, …, {n_out}]")
    X = np.ascontiguousarray(images.reshape(n, n_in).T, dtype=np.float64) / 255.0
    return X, labels


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Network:
    def __init__(self, sizes, cost, rng):
        self.sizes = sizes
        self.cost = cost
        # network2.py's default_weight_initializer: w ~ N(0, 1/n_in), b ~ N(0, 1)
        self.biases = [rng.standard_normal((y, 1)) for y in sizes[1:]]
        self.weights = [rng.standard_normal((y, x)) / np.sqrt(x) for x, y in zip(sizes[:-1], sizes[1:])]

    def update_mini_batch(self, X, Y, eta):
        """w ← w − (η/m) Σ∇C_x, b ← b − (η/m) Σ∇C_x over the m columns of X, Y."""
        m = X.shape[1]
        nabla_b, nabla_w = self.backprop(X, Y)
        self.weights = [w - (eta / m) * nw for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / m) * nb for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, X, Y):
        """(Σ∇b, Σ∇W) summed over the columns of X [n_0 × m], Y [n_L × m]."""
        activation = X
        activations = [X]                                   # A^l, [n_l × m]
        zs = []                                             # Z^l = W^l A^{l−1} + b^l 1ᵀ
        for b, w in zip(self.biases, self.weights):
            z = w @ activation + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # Δ^L = (A^L − Y) for cross-entropy, (A^L − Y) ⊙ σ′(Z^L) for the quadratic cost   (BP1)
        delta = activations[-1] - Y
        if self.cost == "quadratic":
            delta *= activations[-1] * (1 - activations[-1])
        nabla_b = [None] * len(self.biases)
        nabla_w = [None] * len(self.weights)
        nabla_b[-1] = delta.sum(axis=1, keepdims=True)      # BP3: Δ^L 1
        nabla_w[-1] = delta @ activations[-2].T             # BP4: Δ^L (A^{L−1})ᵀ
        for l in range(2, len(self.sizes)):
            a = activations[-l]
            delta = (self.weights[-l + 1].T @ delta) * (a * (1 - a))   # BP2: (W^{l+1})ᵀ Δ^{l+1} ⊙ σ′(Z^l)
            nabla_b[-l] = delta.sum(axis=1, keepdims=True)
            nabla_w[-l] = delta @ activations[-l - 1].T
        return nabla_b, nabla_w


def main():
    a = options()
    start = time.perf_counter()
    X, labels = load(a.data, a.sizes[0], a.sizes[-1])
    n = labels.size
    Y = np.zeros((a.sizes[-1], n))
    Y[labels, np.arange(n)] = 1.0
    load_s = time.perf_counter() - start
    rng = np.random.default_rng(a.seed)
    net = Network(a.sizes, a.cost, rng)
    steps = (n + a.batch - 1) // a.batch
    print(f"numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']},"
          f" network {a.sizes}, {a.cost} cost, batch {a.batch}: {n} examples, {steps} steps per epoch;"
          f" load {load_s:.2f} s (not timed below)")
    times = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        order = rng.permutation(n)                          # network.py shuffles every epoch
        for k in range(0, n, a.batch):
            columns = order[k:k + a.batch]
            net.update_mini_batch(X[:, columns], Y[:, columns], a.eta)
        times.append(time.perf_counter() - start)
        print(f"epoch {epoch}: {times[-1]:.2f} s, {n / times[-1]:,.0f} examples/s")
    best = min(times)
    print(f"seconds per epoch: {statistics.median(times):.2f} (median of {len(times)}), best {best:.2f};"
          f" examples/s {n / best:,.0f}")


if __name__ == "__main__":
    if "--threads" in sys.argv[1:-1]:
        threads = sys.argv[sys.argv.index("--threads") + 1]
    else:
        threads = "2"
    os.environ["OPENBLAS_NUM_THREADS"] = threads            # before numpy loads OpenBLAS
    import numpy as np
    main()
