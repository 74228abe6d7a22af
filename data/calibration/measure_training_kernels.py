#!/usr/bin/env python3
"""Measure what the training engine's framework parameters rest on, on a GPU (PyTorch+CUDA):

1. Sustained clock: back-to-back 8192^3 BF16 GEMMs held for --hold-s seconds, with the SM
   clock and board power read from nvidia-smi every 0.5 s (engine option
   sustained_clock_derate: long dense phases settle below the clock of short benchmarks).
2. Framework elementwise kernels at training shapes (engine option elementwise_efficiency):
   torch rms_norm, layer_norm, softmax, gelu, silu*mul and a residual add, bytes moved per
   call / time, against the copy bandwidth measured the same way.
3. Flash attention (torch SDPA, causal, bf16) forward and forward+backward at training shapes.

    python3 data/calibration/measure_training_kernels.py --out DIR --chip h100-sxm

Writes DIR/<chip>-sustained.csv (t_s,tflops,sm_mhz,power_w), DIR/<chip>-framework-ops.csv
(op,tokens,width,gbps,us) and DIR/<chip>-attention.csv (pass,b,heads,seq,head_dim,tflops,us).
"""
import argparse
import os
import subprocess
import threading
import time

import torch
import torch.nn.functional as F


def timed(fn, min_ms=30.0, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record(); fn(); e.record(); torch.cuda.synchronize()
    reps = max(3, min(5000, int(min_ms / max(s.elapsed_time(e), 1e-3))))
    s.record()
    for _ in range(reps):
        fn()
    e.record(); torch.cuda.synchronize()
    return s.elapsed_time(e) / reps / 1e3


def smi_sampler(samples, stop):
    t0 = time.time()
    while not stop.is_set():
        try:
            q = subprocess.run(["nvidia-smi", "--query-gpu=clocks.sm,power.draw", "--format=csv,noheader,nounits"],
                               capture_output=True, text=True, timeout=5).stdout.strip().split(",")
            samples.append((time.time() - t0, float(q[0]), float(q[1])))
        except Exception:
            pass
        time.sleep(0.5)


def sustained(out, chip, hold_s):
    n = 8192
    a = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(n, n, device="cuda", dtype=torch.bfloat16)
    samples, stop = [], threading.Event()
    th = threading.Thread(target=smi_sampler, args=(samples, stop)); th.start()
    rows, t0 = [], time.time()
    while time.time() - t0 < hold_s:
        s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        s.record()
        for _ in range(20):
            torch.matmul(a, b)
        e.record(); torch.cuda.synchronize()
        rows.append((time.time() - t0, 20 * 2 * n ** 3 / (s.elapsed_time(e) / 1e3) / 1e12))
    stop.set(); th.join()
    with open(os.path.join(out, f"{chip}-sustained.csv"), "w") as f:
        f.write("t_s,tflops,sm_mhz,power_w\n")
        for (t, tf) in rows:
            near = min(samples, key=lambda x: abs(x[0] - t)) if samples else (t, float("nan"), float("nan"))
            f.write(f"{t:.2f},{tf:.1f},{near[1]:.0f},{near[2]:.0f}\n")
    print(f"sustained: first {rows[0][1]:.0f} TF, last {rows[-1][1]:.0f} TF", flush=True)


def framework_ops(out, chip):
    rows = []
    for tokens, width in ((8192, 4096), (16384, 8192), (8192, 14336)):
        x = torch.randn(tokens, width, device="cuda", dtype=torch.bfloat16)
        y = torch.randn_like(x)
        w = torch.ones(width, device="cuda", dtype=torch.bfloat16)
        nbytes = x.numel() * 2
        ops = {
            "copy": (lambda: y.copy_(x), 2 * nbytes),
            "add": (lambda: torch.add(x, y), 3 * nbytes),
            "rms_norm": (lambda: F.rms_norm(x, (width,), w), 2 * nbytes),
            "layer_norm": (lambda: F.layer_norm(x, (width,), w), 2 * nbytes),
            "gelu": (lambda: F.gelu(x), 2 * nbytes),
            "silu_mul": (lambda: F.silu(x) * y, 5 * nbytes),
            "softmax": (lambda: torch.softmax(x, dim=-1), 2 * nbytes),
        }
        for name, (fn, moved) in ops.items():
            t = timed(fn)
            rows.append((name, tokens, width, moved / t / 1e9, t * 1e6))
        del x, y
    with open(os.path.join(out, f"{chip}-framework-ops.csv"), "w") as f:
        f.write("op,tokens,width,gbps,us\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]:.1f},{r[4]:.1f}\n")
    print("framework ops done", flush=True)


def attention(out, chip):
    rows = []
    for (b, h, s, d) in ((1, 32, 4096, 128), (2, 32, 2048, 128), (1, 64, 8192, 128), (4, 12, 2048, 128)):
        q = torch.randn(b, h, s, d, device="cuda", dtype=torch.bfloat16, requires_grad=True)
        k = torch.randn_like(q, requires_grad=True)
        v = torch.randn_like(q, requires_grad=True)
        flops = 4 * b * h * s * s * d / 2  # causal: half the square
        fwd = lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True)
        t = timed(fwd)
        rows.append(("fwd", b, h, s, d, flops / t / 1e12, t * 1e6))
        g = torch.randn(b, h, s, d, device="cuda", dtype=torch.bfloat16)
        def fwd_bwd():
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            o.backward(g)
        t = timed(fwd_bwd)
        rows.append(("fwd_bwd", b, h, s, d, 3.5 * flops / t / 1e12, t * 1e6))
    with open(os.path.join(out, f"{chip}-attention.csv"), "w") as f:
        f.write("pass,b,heads,seq,head_dim,tflops,us\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]:.1f},{r[6]:.1f}\n")
    print("attention done", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--chip", required=True)
    ap.add_argument("--hold-s", type=float, default=20.0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    framework_ops(args.out, args.chip)
    attention(args.out, args.chip)
    sustained(args.out, args.chip, args.hold_s)


if __name__ == "__main__":
    main()
