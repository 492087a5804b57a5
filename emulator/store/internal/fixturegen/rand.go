package main

// rng is SplitMix64. The generator carries its own so that the fixture
// cannot change when the standard library's generators do.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); the modulo bias is irrelevant here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// chance is true with probability num/den.
func (r *rng) chance(num, den int) bool { return r.intn(den) < num }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

const idAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// suffix returns n random lowercase letters and digits.
func (r *rng) suffix(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = idAlphabet[r.intn(len(idAlphabet))]
	}
	return string(b)
}
