#!/usr/bin/env python3
"""An ODE Lens experiment as a PyTorch program.

Exported by ODE Lens together with experiment.json, which holds the config, the data set exactly as the tool
generated it, and the initial weights. Reproduces the tool's training run: with --dtype float64 on the CPU,
losses and diagnostics equal the tool's float64 engine (`npm run experiment -- --backend cpu`) to ~1e-9.

    python3 experiment.py --steps K --out result.json [--dtype float64|float32] [--device cpu|cuda]
    torchrun --nproc_per_node=P experiment.py --ddp --steps K --out result.json   # data-parallel (DDP)

The network (Sander et al. 2022; Marion et al. 2024): x_0 = E x, then S residual steps with parameter sets
θ_0..θ_{P-1} at depth s_n = n/N,
    Euler (eq. 1):  x_{n+1} = x_n + h f(x_n, θ_n)
    Heun  (eq. 8):  y_n = x_n + h f(x_n, θ_n);  x_{n+1} = x_n + h/2 (f(x_n, θ_n) + f(y_n, θ_{n+1}))
with f(x) = θ x + b (linear) or f(x) = V σ(c·W x + b) (mlp), and the read-out ŷ = R x_S + r.
"""

import argparse
import json
import math
import os

import torch
import torch.distributed as dist
from torch import nn

FORMAT = "ode-lens-pytorch"
FORMAT_VERSION = 1
DATA_FILE = "experiment.json"
GELU_K = math.sqrt(2 / math.pi)


# ----------------------------------------------------------------------------------------------------------
# Mini-batches: the tool's own generator (sfc32 seeded by FNV-1a of a stream name), so that step t uses the
# same samples here as in the browser, for any number of steps.

M32 = 0xFFFFFFFF


def _hash_string(s):
    h = 0x811C9DC5
    for ch in s:
        h = ((h ^ ord(ch)) * 0x01000193) & M32
    return h


def _mix32(x):
    z = (x + 0x9E3779B9) & M32
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
    return z ^ (z >> 16)


class Rng:
    """sfc32, bit-identical to src/core/rng.ts."""

    def __init__(self, seed, stream=""):
        h = _hash_string(stream)
        self.a = _mix32(seed & M32)
        self.b = _mix32(self.a ^ h)
        self.c = _mix32((self.b + 0x632BE5AB) & M32)
        self.d = 1
        for _ in range(16):
            self.next_u32()

    def next_u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t

    def uniform(self):
        hi = self.next_u32() >> 5
        lo = self.next_u32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def permutation(self, n):
        p = list(range(n))
        for i in range(n - 1, 0, -1):
            j = math.floor(self.uniform() * (i + 1))
            p[i], p[j] = p[j], p[i]
        return p


_epoch_perm = {}  # the current epoch's permutation (drawing one costs O(n) in Python)


def batch_indices(ex, t):
    """Samples of training step t (0-based): a fresh permutation per epoch, the remainder dropped."""
    n, B = ex["data"]["train"]["n"], ex["train"]["batch"]
    if B >= n:
        return list(range(n))
    per_epoch = n // B
    epoch, k = divmod(t, per_epoch)
    if epoch not in _epoch_perm:
        _epoch_perm.clear()
        _epoch_perm[epoch] = Rng(ex["config"]["seed"], f"batches/{epoch}").permutation(n)
    return _epoch_perm[epoch][k * B : (k + 1) * B]


# ----------------------------------------------------------------------------------------------------------
# The model.


def activation(name, a):
    if name == "relu":
        return torch.relu(a)
    if name == "tanh":
        return torch.tanh(a)
    if name == "gelu":  # the tanh form (WGSL has no erf; every engine of the tool computes this one)
        return 0.5 * a * (1 + torch.tanh(GELU_K * (a + 0.044715 * a * a * a)))
    return a  # identity


class ResNet(nn.Module):
    """Residual network with P parameter sets stacked along the first axis of each tensor."""

    def __init__(self, ex, dtype):
        super().__init__()
        m = ex["model"]
        self.kind, self.scheme, self.act = m["residual"], m["scheme"], m["activation"]
        self.S, self.N = m["steps"], m["depth"]
        self.h, self.c = m["residualScale"], m["innerScale"]
        w = ex["initial"]
        sets = w["sets"]
        t = lambda v: torch.tensor(v, dtype=dtype)  # noqa: E731
        # the residual weights, in a fixed order (also the order of `layer` below)
        self.names = ["theta", "b"] if self.kind == "linear" else ["W", "b", "V"]
        self.names = [k for k in self.names if k in sets[0]]
        self.params = nn.ParameterList([nn.Parameter(t([s[k] for s in sets])) for k in self.names])
        self.register_buffer("E", t(w["embedding"]))
        R, r = t(w["readout"]["R"]), t(w["readout"]["r"])
        if m["readout"] == "trained":
            self.R, self.r = nn.Parameter(R), nn.Parameter(r)
        else:  # fixed or projection: not trained
            self.register_buffer("R", R)
            self.register_buffer("r", r)

    def layer(self, n, params=None):
        """θ_n as a dict of tensors (from `params`, a list in self.names order, if given)."""
        ps = self.params if params is None else params
        return {k: p[n] for k, p in zip(self.names, ps)}

    def f(self, x, th):
        """The residual function on a batch x [B][d]."""
        if self.kind == "linear":
            out = x @ th["theta"].T
            return out + th["b"] if "b" in th else out
        a = self.c * (x @ th["W"].T)
        if "b" in th:
            a = a + th["b"]
        return activation(self.act, a) @ th["V"].T

    def step(self, x, n, params=None):
        """x_n → x_{n+1}: eq. (1) Euler, eq. (8) Heun."""
        f1 = self.f(x, self.layer(n, params))
        if self.scheme == "euler":
            return x + self.h * f1
        y = x + self.h * f1
        return x + 0.5 * self.h * (f1 + self.f(y, self.layer(n + 1, params)))

    def reverse_step(self, x, n):
        """x̃_{n+1} → x̃_n: eq. (6) Euler, eq. (9) Heun (the scheme run backwards)."""
        if self.scheme == "euler":
            return x - self.h * self.f(x, self.layer(n))
        f1 = self.f(x, self.layer(n + 1))
        y = x - self.h * f1
        return x - 0.5 * self.h * (f1 + self.f(y, self.layer(n)))

    def embed(self, x):
        return x @ self.E.T

    def states(self, x0):
        """All states x_0..x_S."""
        xs = [x0]
        for n in range(self.S):
            xs.append(self.step(xs[-1], n))
        return xs

    def reconstruct(self, xS):
        """x̃_S = x_S, then the reverse scheme down to x̃_0."""
        xs = [xS]
        for n in range(self.S - 1, -1, -1):
            xs.append(self.reverse_step(xs[-1], n))
        return xs[::-1]

    def readout(self, xS):
        return xS @ self.R.T + self.r

    def forward(self, x, mode="exact"):
        """Prediction ŷ for raw inputs x; the gradient mode decides how backward gets ∂L/∂θ."""
        x0 = self.embed(x)
        if mode == "exact":  # autograd stores every state
            xS = x0
            for n in range(self.S):
                xS = self.step(xS, n)
        else:
            xS = Adjoint.apply(self, x0, *self.params)
        return self.readout(xS)


class Adjoint(torch.autograd.Function):
    """Memory-free gradients: keeps only x_S; backward rebuilds x̃_n with the reverse scheme (eq. 6 / eq. 9)
    one step at a time and backpropagates through the forward step at x̃_n (eq. 7 and its Heun analogue)."""

    @staticmethod
    def forward(ctx, net, x0, *params):
        ctx.net = net
        with torch.no_grad():
            x = x0
            for n in range(net.S):
                x = net.step(x, n)
        ctx.save_for_backward(x)
        return x

    @staticmethod
    def backward(ctx, g):
        net = ctx.net
        (x,) = ctx.saved_tensors
        grads = [torch.zeros_like(p) for p in net.params]
        for n in range(net.S - 1, -1, -1):
            with torch.no_grad():
                x = net.reverse_step(x, n)
            with torch.enable_grad():
                xn = x.detach().requires_grad_()
                # the sets this step uses, as leaves, so autograd returns only their (small) gradients
                used = [n, n + 1] if net.scheme == "heun" else [n]
                leaves = [[p[k].detach().requires_grad_() for k in used] for p in net.params]
                out = net.step(xn, n, [dict(zip(used, lv)) for lv in leaves])
                flat = [leaf for lv in leaves for leaf in lv]
                gx, *gp = torch.autograd.grad(out, [xn, *flat], g, allow_unused=True)
            i = 0
            for j, lv in enumerate(leaves):
                for k in used:
                    if gp[i] is not None:
                        grads[j][k] += gp[i]
                    i += 1
            g = gx
        return (None, g, *grads)


# ----------------------------------------------------------------------------------------------------------
# Loss, accuracy, optimizer.


def loss_sum(kind, pred, y):
    """Σ over the batch of the per-sample loss (MSE: mean over outputs of (ŷ − y)²; xent: −Σ_k y_k log p_k)."""
    if kind == "mse":
        return ((pred - y) ** 2).mean(dim=1).sum()
    return -(y * torch.log_softmax(pred, dim=1)).sum()


def hits(pred, labels):
    return int((pred.argmax(dim=1) == labels).sum())


def make_optimizer(ex, net):
    tr = ex["train"]
    groups = [{"params": list(net.params), "lr": tr["lrResidual"]}]
    if ex["model"]["readout"] == "trained":
        groups.append({"params": [net.R, net.r], "lr": tr["lr"]})
    wd = tr["weightDecay"]  # coupled L2: g ← g + λ θ
    if tr["optimizer"] == "adam":
        return torch.optim.Adam(groups, betas=(tr["beta1"], tr["beta2"]), eps=tr["eps"], weight_decay=wd)
    momentum = tr["momentum"] if tr["optimizer"] == "sgd" else 0.0  # gd: plain steps on the full set
    return torch.optim.SGD(groups, lr=tr["lr"], momentum=momentum, weight_decay=wd)


# ----------------------------------------------------------------------------------------------------------
# Diagnostics (what the page shows), on the diagnostic batch: the first min(32, n) training samples.


def flat_grads(net, x, y, kind, mode):
    pred = net(x, mode)
    loss = loss_sum(kind, pred, y) / x.shape[0]
    gs = torch.autograd.grad(loss, list(net.params))
    P = net.params[0].shape[0]
    return loss.item(), torch.cat([g.reshape(P, -1) for g in gs], dim=1)


def diagnostics(ex, net, x, y, step):
    kind = ex["train"]["loss"]
    loss, ge = flat_grads(net, x, y, kind, "exact")
    _, ga = flat_grads(net, x, y, kind, "adjoint")
    with torch.no_grad():
        xs = net.states(net.embed(x))
        rec = net.reconstruct(xs[-1])
        # RMS over the batch of ‖x_n − x̃_n‖
        recon = [((a - b) ** 2).sum(dim=1).mean().sqrt().item() for a, b in zip(xs, rec)]
        num, den = ((ga - ge) ** 2).sum(dim=1), (ge**2).sum(dim=1)
        per_layer = [math.sqrt(a / b) if b > 0 else None for a, b in zip(num.tolist(), den.tolist())]
        glob = math.sqrt(num.sum().item() / den.sum().item()) if den.sum().item() > 0 else None
        theta = torch.cat([p.reshape(p.shape[0], -1) for p in net.params], dim=1)
        used = ex["model"]["usedSets"]
        increments = (theta[1:used] - theta[: used - 1]).norm(dim=1).tolist() if used > 1 else []
        norms = theta.norm(dim=1).tolist()
    return {
        "step": step,
        "loss": loss,
        "gradErrorGlobal": glob,
        "reconError": recon,
        "gradErrorPerLayer": per_layer,
        "increments": increments,
        "norms": norms,
    }


def evaluate(ex, net, split, step):
    kind = ex["train"]["loss"]
    out = {}
    for name, s in (("train", split["train"]), ("test", split["test"])):
        if s["n"] == 0:
            out[name] = (None, None)
            continue
        with torch.no_grad():
            pred = net(s["x"])
            loss = (loss_sum(kind, pred, s["y"]) / s["n"]).item()
        acc = hits(pred, s["labels"]) / s["n"] if s["labels"] is not None else None
        out[name] = (loss, acc)
    return {
        "step": step,
        "trainLoss": out["train"][0],
        "testLoss": out["test"][0],
        "trainAcc": out["train"][1],
        "testAcc": out["test"][1],
    }


def structured(ex, net):
    """Final weights in the runner's format (StructuredSet per layer), so ODE Lens can import them."""
    N = ex["model"]["depth"]
    P = net.params[0].shape[0]
    sets = []
    for n in range(P):
        s = {"n": n, "s": n / N}
        for k, p in zip(net.names, net.params):
            s[k] = p[n].tolist()
        sets.append(s)
    return {"sets": sets, "readout": {"R": net.R.tolist(), "r": net.r.tolist()}, "embedding": net.E.tolist()}


# ----------------------------------------------------------------------------------------------------------
# Training.


def load(path, dtype, device):
    with open(path) as fh:
        ex = json.load(fh)
    if ex.get("format") != FORMAT or ex.get("formatVersion") != FORMAT_VERSION:
        raise SystemExit(f"{path}: not an {FORMAT} file of version {FORMAT_VERSION}")

    def split(s):
        labels, n, m = s["labels"], s["n"], ex["model"]
        return {
            "n": n,
            "x": torch.tensor(s["x"], dtype=dtype, device=device).reshape(n, m["inputDim"]),
            "y": torch.tensor(s["y"], dtype=dtype, device=device).reshape(n, m["outputDim"]),
            "labels": None if labels is None else torch.tensor(labels, device=device),
        }

    return ex, {"train": split(ex["data"]["train"]), "test": split(ex["data"]["test"])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=None, help="training steps (default: the config's)")
    ap.add_argument("--out", default="result.json")
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    ap.add_argument("--device", default="cpu", help="cpu, cuda, cuda:1, …")
    ap.add_argument("--eval-every", type=int, default=None, help="diagnostics every K steps (default ~20 times)")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE))
    ap.add_argument("--ddp", action="store_true", help="data-parallel under torchrun (gloo on CPU, nccl on CUDA)")
    args = ap.parse_args()

    rank, world = 0, 1
    device = torch.device(args.device)
    if args.ddp:
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        if device.type == "cuda":
            device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", rank)))
            torch.cuda.set_device(device)

    dtype = getattr(torch, args.dtype)
    ex, data = load(args.data, dtype, device)
    steps = ex["train"]["steps"] if args.steps is None else args.steps
    every = args.eval_every or max(1, math.ceil(steps / 20))
    start = ex["initial"]["step"]
    kind, mode = ex["train"]["loss"], ex["train"]["gradMode"]

    net = ResNet(ex, dtype).to(device)
    model = nn.parallel.DistributedDataParallel(net) if args.ddp else net
    opt = make_optimizer(ex, net)
    theta0 = torch.cat([p.detach().reshape(-1) for p in net.params]).clone()
    diag_idx = ex["data"]["diagnosticIndices"]
    xd, yd = data["train"]["x"][diag_idx], data["train"]["y"][diag_idx]

    losses, evals, diags = [], [], []

    def measure(step):
        evals.append(evaluate(ex, net, data, step))
        diags.append(diagnostics(ex, net, xd, yd, step))

    measure(start)
    for t in range(start, start + steps):
        idx = batch_indices(ex, t)
        B = len(idx)
        # this process's share of the global batch; the loss is scaled so that DDP's average of the
        # per-process gradients is the gradient of the global batch mean
        lo, hi = rank * B // world, (rank + 1) * B // world
        mine = idx[lo:hi]
        x, y = data["train"]["x"][mine], data["train"]["y"][mine]
        opt.zero_grad()
        pred = model(x, mode)
        part = loss_sum(kind, pred, y) / B
        (part * world).backward()
        stats = torch.stack([part.detach(), torch.tensor(0.0, dtype=dtype, device=device)])
        labels = data["train"]["labels"]
        if labels is not None:
            stats[1] = hits(pred.detach(), labels[mine])
        if args.ddp:
            dist.all_reduce(stats)
        loss = stats[0].item()
        if not math.isfinite(loss):
            raise SystemExit(f"training diverged at step {t + 1}: the loss became {loss}; lower train.lr")
        losses.append({"step": t + 1, "loss": loss, "acc": stats[1].item() / B if labels is not None else None})
        opt.step()
        done = t + 1 - start
        if done % every == 0 or done == steps:
            measure(t + 1)

    if rank == 0:
        write_result(args, ex, net, losses, evals, diags, theta0, start + steps)
    if args.ddp:
        dist.destroy_process_group()


def write_result(args, ex, net, losses, evals, diags, theta0, step):
    theta = torch.cat([p.detach().reshape(-1) for p in net.params])
    n0 = theta0.norm().item()
    last_e, last_d = evals[-1], diags[-1]
    result = {
        "format": "ode-lens-result",
        "formatVersion": 1,
        "producer": {"format": FORMAT, "formatVersion": FORMAT_VERSION, "torch": torch.__version__},
        "link": ex["link"],
        "config": ex["config"],
        "backend": {"kind": "pytorch", "precision": args.dtype, "device": args.device, "ddp": args.ddp},
        "model": {k: ex["model"][k] for k in ("steps", "paramSets", "usedSets", "residualScale", "innerScale")},
        "training": {"steps": step, "losses": losses, "evaluations": evals},
        "diagnostics": diags,
        "summary": {
            "trainLoss": last_e["trainLoss"],
            "testLoss": last_e["testLoss"],
            "trainAcc": last_e["trainAcc"],
            "testAcc": last_e["testAcc"],
            "gradErrorGlobal": last_d["gradErrorGlobal"],
            "depthSmoothness": ex["model"]["depth"] * max(last_d["increments"], default=0.0),
            "weightChange": (theta - theta0).norm().item() / n0 if n0 > 0 else None,
        },
        "final": {"step": step, "weights": structured(ex, net)},
    }
    with open(args.out, "w") as fh:
        json.dump(result, fh)
        fh.write("\n")
    print(f"wrote {args.out}: step {step}, train loss {last_e['trainLoss']}")


if __name__ == "__main__":
    main()
