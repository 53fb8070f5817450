// This machine's fp32 ceiling: AVX2 fused multiply-adds on independent registers, nothing loaded or stored, on
// 1 and N threads. The bench prints the model's GFLOP/s; this says what fraction of the CPU that is.
// Build and run: scripts/fma-peak.sh
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>
#define CHAINS 12
static long iters = 400000000L / CHAINS * 4;
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static void *run(void *out){
  __m256 a[CHAINS]; __m256 m=_mm256_set1_ps(0.999999f), c=_mm256_set1_ps(1e-7f);
  for(int i=0;i<CHAINS;i++) a[i]=_mm256_set1_ps((float)i);
  for(long n=0;n<iters;n++){
    #pragma GCC unroll 12
    for(int i=0;i<CHAINS;i++) a[i]=_mm256_fmadd_ps(a[i],m,c);
  }
  float s=0; for(int i=0;i<CHAINS;i++){float v[8];_mm256_storeu_ps(v,a[i]);s+=v[0];}
  *(float*)out=s; return NULL;
}
int main(int argc,char**argv){
  int th=argc>1?atoi(argv[1]):1; pthread_t t[16]; float o[16];
  double t0=now(); for(int i=0;i<th;i++) pthread_create(&t[i],0,run,&o[i]); for(int i=0;i<th;i++) pthread_join(t[i],0);
  double dt=now()-t0; double flops=2.0*8*CHAINS*(double)iters*th;
  printf("%d thread(s): %.1f GFLOP/s (fp32 AVX2 FMA)  [%g]\n",th,flops/dt/1e9,o[0]);
}
