#!/usr/bin/python3
"""OpenBLAS (through NumPy) SGEMM GFLOP/s at the shapes of KernelThroughput.PrintGemmReport, timed by process CPU time.
Run: LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=1 /usr/bin/python3 GemmOpenBlasPeer.py"""
import time, numpy as np
def best(f, flops, reps=7, tmin=0.1):
    f(); f()
    t0=time.process_time(); n=0
    while time.process_time()-t0 < 0.05: f(); n+=1
    per = max(1, int(n*tmin/0.05)); b=0
    for _ in range(reps):
        t0=time.process_time()
        for _ in range(per): f()
        dt=time.process_time()-t0
        if dt>0: b=max(b, flops*per/dt/1e9)
    return b
rng=np.random.default_rng(1)
for (m,n,k) in [(64,64,64),(128,128,128),(256,256,256),(512,512,512),(1024,1024,1024),(64,40,20),(64,256,128),(64,1024,512)]:
    a=rng.standard_normal((m,k),dtype=np.float32); b=rng.standard_normal((k,n),dtype=np.float32); c=np.zeros((m,n),np.float32)
    def f(): np.matmul(a,b,out=c)
    print(f"{m}x{n}x{k}: {best(f, 2.0*m*n*k):.1f} GFLOP/s")
