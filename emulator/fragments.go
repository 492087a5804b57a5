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
// fixtures replaced long ago do not keep the room.
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

// writeGroupsCached is writeGroupsJSON with the groups' encodings taken
// from f where kept, and kept there where not; keys are the groups' row
// keys, one each.
func (f *fragments) writeGroupsCached(o *out, groups []store.Group, keys []store.RowKey, ecs bool) {
	var hitArr [128][]byte // a page of the API's largest size, on the stack
	hits := hitArr[:0]
	if len(groups) > len(hitArr) {
		hits = make([][]byte, 0, len(groups))
	}
	f.mu.RLock()
	for _, k := range keys {
		hits = append(hits, f.m[fragmentKey{k, ecs}])
	}
	f.mu.RUnlock()
	o.key("SecurityGroups")
	b := append(o.buf, `{"SecurityGroup":[`...)
	type made struct{ i, from, to int }
	var madeArr [128]made
	missed := madeArr[:0]
	for i := range groups {
		if i > 0 {
			b = append(b, ',')
		}
		if hits[i] != nil {
			b = append(b, hits[i]...)
			continue
		}
		from := len(b)
		b = appendGroupJSON(b, &groups[i], ecs)
		missed = append(missed, made{i, from, len(b)})
	}
	o.buf = append(b, "]}"...)
	o.first = false
	if len(missed) == 0 {
		return
	}
	budget := fragmentBudget
	if f.budget > 0 {
		budget = f.budget
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, x := range missed {
		if f.bytes+x.to-x.from > budget || f.m == nil {
			f.m, f.bytes = map[fragmentKey][]byte{}, 0
		}
		k := fragmentKey{keys[x.i], ecs}
		if _, ok := f.m[k]; !ok {
			f.m[k] = append([]byte(nil), o.buf[x.from:x.to]...)
			f.bytes += x.to - x.from
		}
	}
}
