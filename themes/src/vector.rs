//! Small dense-vector helpers, and answers' vectors as the engine reads them.

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales a vector to unit length (a zero vector stays zero).
pub fn normalise(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        for x in v.iter_mut() {
            *x /= n;
        }
    }
}

/// A vector as Chorus keeps it: one signed byte a dimension, scaled so that the largest is ±127.
/// Only its direction matters: [`unpack`] gives it back at unit length.
pub fn pack(v: &[f32]) -> Vec<u8> {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-12);
    v.iter().map(|x| ((x / max * 127.0).round() as i8) as u8).collect()
}

/// A kept vector ([`pack`]) at unit length.
pub fn unpack(b: &[u8]) -> Vec<f32> {
    let mut v: Vec<f32> = b.iter().map(|&x| x as i8 as f32).collect();
    normalise(&mut v);
    v
}

/// Answers' unit vectors, read by the answer's index. The engine needs only these few readings,
/// so that it can work on the vectors as made ([`Vec<f32>`] each) or as kept ([`Packed`], a
/// quarter of the memory: a million answers' vectors are 2 GB as made).
pub trait Points {
    /// How many answers there are, with or without vectors.
    fn count(&self) -> usize;
    /// Whether answer `i` has a vector.
    fn has(&self, i: usize) -> bool;
    /// Answer `i`'s vector · `other` (0 when it has none).
    fn dot(&self, i: usize, other: &[f32]) -> f32;
    /// Adds answer `i`'s vector to `sum`; an empty `sum` takes it whole.
    fn add_to(&self, i: usize, sum: &mut Vec<f32>);
    /// Answer `i`'s vector in `out` (empty when it has none).
    fn copy_to(&self, i: usize, out: &mut Vec<f32>) {
        out.clear();
        self.add_to(i, out);
    }
    /// Answer `i`'s vector (empty when it has none).
    fn get(&self, i: usize) -> Vec<f32> {
        let mut out = Vec::new();
        self.copy_to(i, &mut out);
        out
    }
}

impl Points for [Vec<f32>] {
    fn count(&self) -> usize {
        self.len()
    }
    fn has(&self, i: usize) -> bool {
        !self[i].is_empty()
    }
    fn dot(&self, i: usize, other: &[f32]) -> f32 {
        dot(&self[i], other)
    }
    fn add_to(&self, i: usize, sum: &mut Vec<f32>) {
        if sum.is_empty() {
            sum.extend_from_slice(&self[i]);
        } else {
            for (s, x) in sum.iter_mut().zip(&self[i]) {
                *s += x;
            }
        }
    }
}

impl Points for Vec<Vec<f32>> {
    fn count(&self) -> usize {
        self.len()
    }
    fn has(&self, i: usize) -> bool {
        self.as_slice().has(i)
    }
    fn dot(&self, i: usize, other: &[f32]) -> f32 {
        self.as_slice().dot(i, other)
    }
    fn add_to(&self, i: usize, sum: &mut Vec<f32>) {
        self.as_slice().add_to(i, sum)
    }
}

/// Answers' vectors as kept ([`pack`]): one byte a dimension in one block, and each vector's
/// scale to unit length.
#[derive(Default)]
pub struct Packed {
    dims: usize,
    bytes: Vec<i8>,
    /// 1 / the vector's length as bytes; 0 for an answer without a vector.
    scale: Vec<f32>,
}

impl Packed {
    /// Room for `n` vectors of `dims` dimensions (0 when not yet known: the first vector's width
    /// is then taken for all, and the room made).
    pub fn with_capacity(dims: usize, n: usize) -> Packed {
        Packed { dims, bytes: Vec::with_capacity(dims * n), scale: Vec::with_capacity(n) }
    }

    /// How many answers it holds, with or without vectors.
    pub fn len(&self) -> usize {
        self.scale.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scale.is_empty()
    }

    /// Adds the next answer's kept vector, or none. The first vector sets the width; one of
    /// another width, like an empty one, counts as none.
    pub fn push_packed(&mut self, b: Option<&[u8]>) {
        self.scale.push(0.0);
        self.bytes.resize(self.bytes.len() + self.dims, 0);
        if let Some(b) = b {
            self.set_packed(self.scale.len() - 1, b);
        }
    }

    /// Gives answer `i` its kept vector, in place of the one it had or none.
    pub fn set_packed(&mut self, i: usize, b: &[u8]) {
        if self.dims == 0 && !b.is_empty() {
            self.dims = b.len();
            self.bytes = Vec::with_capacity(self.dims * self.scale.capacity());
            self.bytes.resize(self.dims * self.scale.len(), 0);
        }
        if b.len() != self.dims || self.dims == 0 {
            return;
        }
        let norm = b.iter().map(|&x| (x as i8 as i32).pow(2)).sum::<i32>() as f32;
        for (to, &x) in self.bytes[i * self.dims..(i + 1) * self.dims].iter_mut().zip(b) {
            *to = x as i8;
        }
        self.scale[i] = if norm > 0.0 { 1.0 / norm.sqrt() } else { 0.0 };
    }

    /// Adds the next answer's vector as made, kept as [`pack`] keeps it.
    pub fn push(&mut self, v: &[f32]) {
        self.push_packed(Some(&pack(v)));
    }

    fn row(&self, i: usize) -> &[i8] {
        &self.bytes[i * self.dims..(i + 1) * self.dims]
    }
}

impl Points for Packed {
    fn count(&self) -> usize {
        self.len()
    }
    fn has(&self, i: usize) -> bool {
        self.scale[i] > 0.0
    }
    fn dot(&self, i: usize, other: &[f32]) -> f32 {
        if self.dims == 0 {
            return 0.0;
        }
        self.row(i).iter().zip(other).map(|(&x, y)| x as f32 * y).sum::<f32>() * self.scale[i]
    }
    fn add_to(&self, i: usize, sum: &mut Vec<f32>) {
        let s = self.scale[i];
        if s == 0.0 {
            return;
        }
        if sum.is_empty() {
            sum.extend(self.row(i).iter().map(|&x| x as f32 * s));
        } else {
            for (t, &x) in sum.iter_mut().zip(self.row(i)) {
                *t += x as f32 * s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_vectors_read_as_the_vectors_they_keep() {
        let made: Vec<Vec<f32>> = (0..5)
            .map(|k| {
                let mut v: Vec<f32> = (0..64).map(|i| ((i * 7 + k * 13) % 17) as f32 - 8.0).collect();
                normalise(&mut v);
                v
            })
            .collect();
        let mut kept = Packed::default();
        kept.push_packed(None);
        for v in &made {
            kept.push(v);
        }
        kept.push_packed(Some(&[1, 2, 3]));
        kept.push_packed(None);
        kept.set_packed(7, &pack(&made[2]));
        assert_eq!(kept.len(), 8);
        assert_eq!(kept.get(7), kept.get(3), "a vector given later reads as one pushed");
        assert!(!kept.has(0) && !kept.has(6), "no vector, and one of another width, are none");
        assert!(kept.get(0).is_empty() && kept.dot(0, &made[0]) == 0.0);
        let probe = &made[4];
        for (i, v) in made.iter().enumerate() {
            let unpacked = unpack(&pack(v));
            assert!(kept.has(i + 1));
            assert!(dot(v, &kept.get(i + 1)) > 0.999, "eight bits keep the direction");
            assert!((kept.dot(i + 1, probe) - dot(&unpacked, probe)).abs() < 1e-5);
            let (mut a, mut b) = (Vec::new(), vec![1.0; 64]);
            kept.add_to(i + 1, &mut a);
            kept.add_to(i + 1, &mut b);
            for ((x, y), u) in a.iter().zip(&b).zip(&unpacked) {
                assert!((x - u).abs() < 1e-6 && (y - 1.0 - u).abs() < 1e-6);
            }
        }
    }
}
