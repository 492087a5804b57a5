package main

import "testing"

func TestGCPercentFor(t *testing.T) {
	const floor = 16 << 20
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},           // nothing live yet: the runtime's own minimum heap is the floor
		{1 << 20, 400},     // 5 MiB goal from GOGC, 16 MiB from the minimum heap
		{4 << 20, 300},     // 4 MiB × (1 + 3) = 16 MiB
		{6 << 20, 166},     // about 16 MiB
		{8 << 20, 100},     // 2 × live reaches the floor: Go's default
		{1 << 30, 100},     // a large fixture: the default, not 16 MiB
		{floor/2 - 1, 100}, // rounding never goes below the default
		{floor / 5, 400},   // exactly at the bound of the minimum heap
		{floor/5 - 1, 400}, // and below it
		{floor/5 + 1, 399}, // just above: the live heap sets the goal
	} {
		if got := gcPercentFor(tc.live, floor); got != tc.want {
			t.Errorf("gcPercentFor(%d, %d) = %d, want %d", tc.live, floor, got, tc.want)
		}
	}
}
