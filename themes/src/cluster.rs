//! Spherical k-means on unit vectors, seeded deterministically.
//! Written here because the clustering crates (linfa, kmeans) use Euclidean distance, not cosine,
//! and none promises the same clusters from the same seed across versions.

use crate::vector::{dot, normalise};

/// A small, fixed-seed generator: the same input always gives the same clusters.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub struct Clustering {
    pub labels: Vec<usize>,
    pub centroids: Vec<Vec<f32>>,
    /// Sum of each point's cosine similarity to its centroid: higher is tighter.
    pub cohesion: f64,
}

/// Clusters unit vectors into at most `k` groups, keeping the tightest of `restarts` runs.
pub fn kmeans<P: AsRef<[f32]>>(points: &[P], k: usize, restarts: usize, seed: u64) -> Clustering {
    let k = k.clamp(1, points.len().max(1));
    let mut best: Option<Clustering> = None;
    for r in 0..restarts.max(1) {
        let c = kmeans_once(points, k, seed.wrapping_add(r as u64 * 7919));
        if best.as_ref().is_none_or(|b| c.cohesion > b.cohesion) {
            best = Some(c);
        }
    }
    best.expect("at least one run")
}

fn kmeans_once<P: AsRef<[f32]>>(points: &[P], k: usize, seed: u64) -> Clustering {
    let n = points.len();
    if n == 0 {
        return Clustering { labels: vec![], centroids: vec![], cohesion: 0.0 };
    }
    let dim = points[0].as_ref().len();
    let mut rng = SplitMix::new(seed);
    // k-means++ seeding on cosine distance.
    let mut centroids = vec![points[(rng.next_u64() % n as u64) as usize].as_ref().to_vec()];
    let mut dist: Vec<f64> = points.iter().map(|p| (1.0 - dot(p.as_ref(), &centroids[0]) as f64).max(0.0)).collect();
    while centroids.len() < k {
        let total: f64 = dist.iter().sum();
        if total <= 1e-12 {
            break;
        }
        let mut target = rng.next_f64() * total;
        let mut pick = n - 1;
        for (i, d) in dist.iter().enumerate() {
            if target < *d {
                pick = i;
                break;
            }
            target -= d;
        }
        let c = points[pick].as_ref().to_vec();
        for (d, p) in dist.iter_mut().zip(points) {
            *d = d.min((1.0 - dot(p.as_ref(), &c) as f64).max(0.0));
        }
        centroids.push(c);
    }
    let mut labels = vec![usize::MAX; n];
    let mut cohesion = 0.0;
    for _ in 0..100 {
        let mut changed = 0;
        cohesion = 0.0;
        for (i, p) in points.iter().enumerate() {
            let (best, sim) = nearest(p.as_ref(), &centroids);
            cohesion += sim as f64;
            if labels[i] != best {
                labels[i] = best;
                changed += 1;
            }
        }
        let mut sums = vec![vec![0f32; dim]; centroids.len()];
        let mut counts = vec![0usize; centroids.len()];
        for (p, &l) in points.iter().zip(&labels) {
            counts[l] += 1;
            for (s, x) in sums[l].iter_mut().zip(p.as_ref()) {
                *s += x;
            }
        }
        for (c, (mut s, count)) in centroids.iter_mut().zip(sums.into_iter().zip(&counts)) {
            if *count > 0 {
                normalise(&mut s);
                *c = s;
            }
        }
        if changed == 0 {
            break;
        }
    }
    // Drop empty clusters and number the rest densely.
    let mut counts = vec![0usize; centroids.len()];
    for &l in &labels {
        counts[l] += 1;
    }
    let mut remap = vec![usize::MAX; centroids.len()];
    let mut kept = Vec::new();
    for (i, c) in centroids.into_iter().enumerate() {
        if counts[i] > 0 {
            remap[i] = kept.len();
            kept.push(c);
        }
    }
    Clustering { labels: labels.into_iter().map(|l| remap[l]).collect(), centroids: kept, cohesion }
}

/// The centroid most like `p`, and its cosine similarity.
pub fn nearest<C: AsRef<[f32]>>(p: &[f32], centroids: &[C]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (j, c) in centroids.iter().enumerate() {
        let s = dot(p, c.as_ref());
        if s > best.1 {
            best = (j, s);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let mut v = v.to_vec();
        normalise(&mut v);
        v
    }

    #[test]
    fn separates_clear_groups_the_same_way_every_run() {
        let mut pts = Vec::new();
        for i in 0..30 {
            let e = i as f32 * 0.01;
            pts.push(unit(&[1.0, e, 0.0]));
            pts.push(unit(&[0.0, 1.0, e]));
            pts.push(unit(&[e, 0.0, 1.0]));
        }
        let a = kmeans(&pts, 3, 3, 42);
        let b = kmeans(&pts, 3, 3, 42);
        assert_eq!(a.labels, b.labels);
        for g in 0..3 {
            let first = a.labels[g];
            assert!((0..30).all(|i| a.labels[i * 3 + g] == first));
        }
        assert_eq!(a.centroids.len(), 3);
    }
}
