package mutant

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// RequestId mutants: answers that share a RequestId (successes that carry a
// constant one, or one derived from the query, errors that repeat a
// success's).

func requestIDMutants(op *specs.Operation) []Mutant {
	var out []Mutant
	add := func(deviation, breaks string, f func(x *Exchange)) {
		out = append(out, Mutant{
			Name:   fmt.Sprintf("%s/%s.RequestId/%s", ClassRequestID, op.Operation, deviation),
			Class:  ClassRequestID,
			Breaks: breaks,
			Hint:   "area:errors || area:pagination",
			Mutate: only(op, func(x *Exchange) {
				if x.JSON() {
					f(x)
				}
			}),
		})
	}
	set := func(x *Exchange, id string) {
		x.Edit(func(m map[string]any) bool { m["RequestId"] = id; return true })
	}
	add("constant-on-success", "gives every success the same RequestId", func(x *Exchange) {
		if x.OK() {
			set(x, "5A3C1D2E-0000-4000-8000-000000000000")
		}
	})
	add("derived-from-query", "derives a success's RequestId from its business parameters alone", func(x *Exchange) {
		if !x.OK() {
			return
		}
		h := sha256.Sum256([]byte(x.Business().Encode()))
		id := strings.ToUpper(hex.EncodeToString(h[:16]))
		set(x, id[:8]+"-"+id[8:12]+"-"+id[12:16]+"-"+id[16:20]+"-"+id[20:32])
	})
	add("error-repeats-success", "gives an error the RequestId of the success before it", func(x *Exchange) {
		type last struct {
			mu sync.Mutex
			id string
		}
		l := State(x.P, "last-success", func() *last { return &last{} })
		l.mu.Lock()
		defer l.mu.Unlock()
		if x.OK() {
			l.id = x.RequestID()
		} else if l.id != "" {
			set(x, l.id)
		}
	})
	return out
}
