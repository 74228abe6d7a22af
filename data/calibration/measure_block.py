#!/usr/bin/env python3
"""One transformer block's training pass on one GPU, whole and op by op (PyTorch eager + CUDA).

What the training engine composes a block from, measured the way an eager framework runs it
(MosaicML llm-foundry and NeMo without fusion run these kernels one after another): bf16
weights and activations, torch.nn.functional ops, SDPA causal flash attention, autograd.

Per block shape (MPT-7B: LayerNorm + GELU MLP, micro-batch 6 x 2048; Llama-2-7B: RMSNorm +
SwiGLU, micro-batch 1 x 4096; GPT-3 13B-like: 5120 wide):
  - block forward, and forward + backward, with the block held hot for --hold-s first so
    the clock is the sustained one (as in a training run);
  - each linear's three GEMMs as autograd issues them: forward (T x n x k), data gradient
    (T x k x n) and weight gradient (n x k x T, the token dimension reduced);
  - attention forward and forward + backward; the norms, activation and residual adds.

    python3 data/calibration/measure_block.py --out DIR --chip h100-sxm

Writes DIR/<chip>-block.csv: shape,part,us (part = block_fwd, block_fwd_bwd, gemm_<name>_<pass>,
attn_fwd, attn_fwd_bwd, norm_fwd, act_fwd, add_fwd, ...), and prints the clock during the run.
"""
import argparse
import os
import subprocess

import torch
import torch.nn.functional as F


def timed(fn, min_ms=40.0, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record(); fn(); e.record(); torch.cuda.synchronize()
    reps = max(3, min(2000, int(min_ms / max(s.elapsed_time(e), 1e-3))))
    s.record()
    for _ in range(reps):
        fn()
    e.record(); torch.cuda.synchronize()
    return s.elapsed_time(e) / reps * 1e3  # us


def smi():
    try:
        return subprocess.run(["nvidia-smi", "--query-gpu=clocks.sm,power.draw", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=5).stdout.strip()
    except Exception:
        return "n/a"


SHAPES = {
    # name: (batch, seq, hidden, heads, ffn, act, norm)
    "mpt7b_b6_s2048": (6, 2048, 4096, 32, 16384, "gelu", "layer"),
    "llama2_7b_b1_s4096": (1, 4096, 4096, 32, 11008, "swiglu", "rms"),
    "llama2_7b_b2_s4096": (2, 4096, 4096, 32, 11008, "swiglu", "rms"),
}


def run_shape(name, b, s, h, nh, ffn, act, norm, hold_s, rows):
    dev, dt = "cuda", torch.bfloat16
    hd = h // nh
    T = b * s
    up = 2 * ffn if act == "swiglu" else ffn
    W = {
        "qkv": (torch.randn(3 * h, h, device=dev, dtype=dt) * 0.02).requires_grad_(),
        "proj": (torch.randn(h, h, device=dev, dtype=dt) * 0.02).requires_grad_(),
        "fc1": (torch.randn(up, h, device=dev, dtype=dt) * 0.02).requires_grad_(),
        "fc2": (torch.randn(h, ffn, device=dev, dtype=dt) * 0.02).requires_grad_(),
    }
    g1 = torch.ones(h, device=dev, dtype=dt, requires_grad=True)
    g2 = torch.ones(h, device=dev, dtype=dt, requires_grad=True)
    x0 = torch.randn(b, s, h, device=dev, dtype=dt, requires_grad=True)
    dy = torch.randn(b, s, h, device=dev, dtype=dt)

    def nrm(x, g):
        return F.layer_norm(x, (h,), g) if norm == "layer" else F.rms_norm(x, (h,), g)

    def block(x):
        y = nrm(x, g1)
        qkv = F.linear(y, W["qkv"]).view(b, s, 3, nh, hd)
        q, k, v = (t.transpose(1, 2) for t in qkv.unbind(2))
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + F.linear(a.transpose(1, 2).reshape(b, s, h), W["proj"])
        y = nrm(x, g2)
        u = F.linear(y, W["fc1"])
        if act == "swiglu":
            u1, u2 = u.chunk(2, dim=-1)
            u = F.silu(u1) * u2
        else:
            u = F.gelu(u)
        return x + F.linear(u, W["fc2"])

    def fwd():
        with torch.no_grad():
            block(x0)

    def fwd_bwd():
        out = block(x0)
        out.backward(dy)

    # Hold the block hot so the clock is the sustained one.
    import time
    t0 = time.time()
    while time.time() - t0 < hold_s:
        fwd_bwd()
    torch.cuda.synchronize()
    clock = smi()
    rows.append((name, "block_fwd", timed(fwd)))
    rows.append((name, "block_fwd_bwd", timed(fwd_bwd)))
    print(name, "clock/power after hold:", clock, "then", smi(), flush=True)

    with torch.no_grad():
        X = torch.randn(T, h, device=dev, dtype=dt)
        for lin, (n_out, k_in) in {"qkv": (3 * h, h), "proj": (h, h), "fc1": (up, h), "fc2": (h, ffn)}.items():
            Xi = torch.randn(T, k_in, device=dev, dtype=dt)
            Wi = torch.randn(n_out, k_in, device=dev, dtype=dt)
            Gi = torch.randn(T, n_out, device=dev, dtype=dt)
            rows.append((name, f"gemm_{lin}_fwd", timed(lambda: F.linear(Xi, Wi))))
            rows.append((name, f"gemm_{lin}_dgrad", timed(lambda: Gi @ Wi)))
            rows.append((name, f"gemm_{lin}_wgrad", timed(lambda: Gi.t() @ Xi)))
        q = torch.randn(b, nh, s, hd, device=dev, dtype=dt, requires_grad=True)
        k = torch.randn(b, nh, s, hd, device=dev, dtype=dt, requires_grad=True)
        v = torch.randn(b, nh, s, hd, device=dev, dtype=dt, requires_grad=True)
    with torch.no_grad():
        rows.append((name, "attn_fwd", timed(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))))
    do = torch.randn(b, nh, s, hd, device=dev, dtype=dt)
    rows.append((name, "attn_fwd_bwd",
                 timed(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True).backward(do))))
    with torch.no_grad():
        Y = torch.randn(b, s, h, device=dev, dtype=dt)
        U = torch.randn(b, s, up, device=dev, dtype=dt)
        rows.append((name, "norm_fwd", timed(lambda: nrm(Y, g1))))
        if act == "swiglu":
            rows.append((name, "act_fwd", timed(lambda: F.silu(U[..., :ffn]) * U[..., ffn:])))
        else:
            rows.append((name, "act_fwd", timed(lambda: F.gelu(U))))
        rows.append((name, "add_fwd", timed(lambda: Y + Y)))
    del W, X


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--chip", required=True)
    ap.add_argument("--hold-s", type=float, default=8.0)
    args = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    os.makedirs(args.out, exist_ok=True)
    print(torch.cuda.get_device_name(), torch.__version__, smi(), flush=True)
    rows = []
    for name, shape in SHAPES.items():
        run_shape(name, *shape, args.hold_s, rows)
        for r in rows:
            if r[0] == name:
                print(f"{r[0]:22s} {r[1]:18s} {r[2]:10.1f} us", flush=True)
    with open(os.path.join(args.out, f"{args.chip}-block.csv"), "w") as f:
        f.write("shape,part,us\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]:.2f}\n")


if __name__ == "__main__":
    main()
