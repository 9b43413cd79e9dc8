// The pooling cases computed by hand, shared by the unit test and the compare view's Chromium test.

/*
 Hand computations (each step re-checked with an independent calculator) for studies 20/100, 30/100, 50/100 (logit scale, no zero cells):
   y1 = ln(20/80) = -1.386294   v1 = 1/20 + 1/80 = 0.0625    w1 = 16
   y2 = ln(30/70) = -0.847298   v2 = 1/30 + 1/70 = 0.047619  w2 = 21
   y3 = ln(50/50) =  0          v3 = 1/50 + 1/50 = 0.04      w3 = 25
   Σw = 62, Σw·y = -22.180710 - 17.793258 = -39.973968, fixed mean = -0.644741
   Q = 16·0.741553² + 21·0.202557² + 25·0.644741² = 8.798426 + 0.861617 + 10.392268 = 20.052311, df = 2
   C = Σw - Σw²/Σw = 62 - 1322/62 = 40.677419
   τ² = (Q - df) / C = 18.052311 / 40.677419 = 0.443792
   I² = (Q - df) / Q = 18.052311 / 20.052311 = 0.900261
   w* = 1/(v + τ²) = 1.975145, 2.034957, 2.067004; Σw* = 6.077106
   μ = Σw*·y / Σw* = (-2.738136 - 1.724214) / 6.077106 = -0.734288, se = 1/√6.077106 = 0.405650
   pooled rate = expit(μ) = 0.324254, 95% = expit(-0.734288 ∓ 0.795059) = expit(-1.529347), expit(0.060771) = [0.178089, 0.515188]

 Studies 10/50 and 10/50 (identical): Q = 0, τ² = 0, I² = 0, pooled rate 0.2.
   y = ln(10/40) = -1.386294, v = 1/10 + 1/40 = 0.125; pooled se = √(1/16) = 0.25
   95% = expit(-1.386294 ∓ 0.489991) = expit(-1.876285), expit(-0.896303) = [0.132816, 0.289811]

 Studies 0/20 and 5/20 (zero cell gets +0.5 in both cells):
   y1 = ln(0.5/20.5) = -3.713572, v1 = 1/0.5 + 1/20.5 = 2.048780, w1 = 0.488095
   y2 = ln(5/15)     = -1.098612, v2 = 1/5 + 1/15  = 0.266667, w2 = 3.75
   Σw = 4.238095, fixed = (-1.812572 - 4.119796)/4.238095 = -1.399773
   Q = 0.488095·2.313799² + 3.75·0.301161² = 2.613098 + 0.340118 = 2.953216, df = 1
   C = 4.238095 - (0.238237 + 14.0625)/4.238095 = 4.238095 - 3.374331 = 0.863764
   τ² = 1.953216 / 0.863764 = 2.261284, I² = 1.953216 / 2.953216 = 0.661386
   w* = 1/4.310064 = 0.232015, 1/2.527951 = 0.395577; Σw* = 0.627592
   μ = (-0.861604 - 0.434588) / 0.627592 = -2.065339, pooled rate = expit(μ) = 0.112512
*/
export const META_CASES: {
  name: string;
  studies: { k: number; n: number }[];
  rate: number;
  lo?: number;
  hi?: number;
  tau2: number;
  i2: number;
  q: number;
}[] = [
  {
    name: 'three heterogeneous studies',
    studies: [
      { k: 20, n: 100 },
      { k: 30, n: 100 },
      { k: 50, n: 100 },
    ],
    rate: 0.324254,
    lo: 0.178089,
    hi: 0.515188,
    tau2: 0.443792,
    i2: 0.900261,
    q: 20.052311,
  },
  {
    name: 'two identical studies',
    studies: [
      { k: 10, n: 50 },
      { k: 10, n: 50 },
    ],
    rate: 0.2,
    lo: 0.132816,
    hi: 0.289811,
    tau2: 0,
    i2: 0,
    q: 0,
  },
  {
    name: 'a zero cell (continuity correction)',
    studies: [
      { k: 0, n: 20 },
      { k: 5, n: 20 },
    ],
    rate: 0.112512,
    tau2: 2.261284,
    i2: 0.661386,
    q: 2.953216,
  },
];
