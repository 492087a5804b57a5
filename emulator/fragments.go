package emulator

import (
	"sync"

	"github.com/ecs-conformance/ecs-conformance/emulator/store"
)

// fragments keeps the JSON of groups as an answer carries them, each under
// its store.RowKey and whether the answer counts instances: a group's
// encoding depends on nothing else, and a page of a store that was read
// before is then copied rather than encoded again (escaping, times and
// numbers were most of the cost of an answer's groups). It holds at most
// fragmentBudget bytes; when full it starts over, so that the groups of
// fixtures replaced long ago do not keep the room. writeGroupsJSON reads
// and fills it.
type fragments struct {
	mu    sync.RWMutex
	m     map[fragmentKey][]byte
	bytes int
	// budget replaces fragmentBudget when set (tests).
	budget int
}

type fragmentKey struct {
	row store.RowKey
	ecs bool
}

// fragmentBudget bounds the memory of the fragments: about 20,000 groups of
// the default fixture's size, a few MiB, whatever the store holds.
const fragmentBudget = 8 << 20

// encoded locates, in an answer, the encoding of the group of row.
type encoded struct {
	row      store.RowKey
	from, to int
}

// get appends to hits the kept encoding of each key, nil where none is
// kept, under one read lock for the page.
func (f *fragments) get(hits [][]byte, keys []store.RowKey, ecs bool) [][]byte {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, k := range keys {
		hits = append(hits, f.m[fragmentKey{k, ecs}])
	}
	return hits
}

// keep keeps a copy of each encoding made in buf.
func (f *fragments) keep(buf []byte, made []encoded, ecs bool) {
	budget := fragmentBudget
	if f.budget > 0 {
		budget = f.budget
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range made {
		if f.bytes+x.to-x.from > budget || f.m == nil {
			f.m, f.bytes = map[fragmentKey][]byte{}, 0
		}
		k := fragmentKey{x.row, ecs}
		if _, ok := f.m[k]; !ok {
			f.m[k] = append([]byte(nil), buf[x.from:x.to]...)
			f.bytes += x.to - x.from
		}
	}
}
