#!/usr/bin/env python3
# Run on the GPU machine: OUT=DIR python3 data/calibration/measure_serving.py (writes DIR/serving_check.json, kept here as h100-sxm-serving.json).
# Decode-step and prefill composition check for the serving engine: a Llama-3.1-8B-shaped
# model (random bf16 weights, bf16 KV cache) on one GPU, each pass captured in a CUDA graph
# so host overhead is out (as in TensorRT-LLM / vLLM graphs). Times with CUDA events.
import json, os, sys, time
import torch
import torch.nn.functional as F
torch.backends.cuda.matmul.allow_tf32 = False
dev, dt = "cuda", torch.bfloat16
L, h, H, KV, d, FF, V = 32, 4096, 32, 8, 128, 14336, 128256
out = {"device": torch.cuda.get_device_name(), "torch": torch.__version__}
g = torch.Generator(device=dev).manual_seed(0)
def w(*s):
    return (torch.randn(*s, device=dev, dtype=dt, generator=g) * 0.02)
wqkv = [w(h, (H + 2 * KV) * d) for _ in range(L)]
wo = [w(H * d, h) for _ in range(L)]
wup = [w(h, 2 * FF) for _ in range(L)]
wdn = [w(FF, h) for _ in range(L)]
n1 = [torch.ones(h, device=dev, dtype=dt) for _ in range(L)]
n2 = [torch.ones(h, device=dev, dtype=dt) for _ in range(L)]
wlm = w(h, V)
BMAX, SMAX = 128, 2304
kc = torch.zeros(L, BMAX, KV, SMAX, d, device=dev, dtype=dt)
vc = torch.zeros(L, BMAX, KV, SMAX, d, device=dev, dtype=dt)
emb = w(V, h)

def decode(ids, B, ctx):
    x = emb[ids]
    for l in range(L):
        r = x
        y = F.rms_norm(x, (h,), n1[l])
        qkv = y @ wqkv[l]
        q = qkv[:, : H * d].view(B, H, 1, d)
        k = qkv[:, H * d : (H + KV) * d].view(B, KV, d)
        v = qkv[:, (H + KV) * d :].view(B, KV, d)
        kc[l, :B, :, ctx - 1] = k
        vc[l, :B, :, ctx - 1] = v
        a = F.scaled_dot_product_attention(q, kc[l, :B, :, :ctx], vc[l, :B, :, :ctx], enable_gqa=True)
        x = a.reshape(B, H * d) @ wo[l] + r
        r = x
        y = F.rms_norm(x, (h,), n2[l])
        gu = y @ wup[l]
        y = F.silu(gu[:, :FF]) * gu[:, FF:]
        x = y @ wdn[l] + r
    logits = F.rms_norm(x, (h,)) @ wlm
    return torch.argmax(torch.softmax(logits.float(), -1), -1)

def prefill(ids, S):
    x = emb[ids]
    for l in range(L):
        r = x
        y = F.rms_norm(x, (h,), n1[l])
        qkv = y @ wqkv[l]
        q = qkv[:, : H * d].view(S, H, d).transpose(0, 1).unsqueeze(0)
        k = qkv[:, H * d : (H + KV) * d].view(S, KV, d).transpose(0, 1).unsqueeze(0)
        v = qkv[:, (H + KV) * d :].view(S, KV, d).transpose(0, 1).unsqueeze(0)
        kc[l, 0, :, :S] = k[0]
        vc[l, 0, :, :S] = v[0]
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        x = a[0].transpose(0, 1).reshape(S, H * d) @ wo[l] + r
        r = x
        y = F.rms_norm(x, (h,), n2[l])
        gu = y @ wup[l]
        y = F.silu(gu[:, :FF]) * gu[:, FF:]
        x = y @ wdn[l] + r
    logits = F.rms_norm(x[-1:], (h,)) @ wlm
    return torch.argmax(logits, -1)

def timed(fn, reps=20):
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3): fn()
    torch.cuda.current_stream().wait_stream(s)
    gr = torch.cuda.CUDAGraph()
    with torch.cuda.graph(gr):
        fn()
    for _ in range(3): gr.replay()
    torch.cuda.synchronize()
    e0, e1 = torch.cuda.Event(True), torch.cuda.Event(True)
    e0.record()
    for _ in range(reps): gr.replay()
    e1.record(); torch.cuda.synchronize()
    del gr
    return e0.elapsed_time(e1) / reps

res = []
t0 = time.time()
for B, ctx in [(1, 1152), (32, 1152), (128, 1152), (128, 2304), (8, 2304)]:
    ids = torch.zeros(B, dtype=torch.long, device=dev)
    try:
        ms = timed(lambda: decode(ids, B, ctx))
        res.append({"pass": "decode", "batch": B, "context": ctx, "ms": ms})
    except Exception as e:
        res.append({"pass": "decode", "batch": B, "context": ctx, "error": str(e)[:300]})
    print(res[-1], flush=True)
for S in [128, 2048]:
    ids = torch.zeros(S, dtype=torch.long, device=dev)
    try:
        ms = timed(lambda: prefill(ids, S), reps=10)
        res.append({"pass": "prefill", "tokens": S, "ms": ms})
    except Exception as e:
        res.append({"pass": "prefill", "tokens": S, "error": str(e)[:300]})
    print(res[-1], flush=True)
out["results"] = res
out["elapsed_s"] = time.time() - t0
os.makedirs(os.environ.get("OUT", "."), exist_ok=True)
with open(os.path.join(os.environ.get("OUT", "."), "serving_check.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out))
