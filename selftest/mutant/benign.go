package mutant

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// Benign variants: what the real service may do without breaking anything
// the contract documents. The suite must pass against every one; a failure
// is a false alarm of the suite, not a deviation of the target.

// Benign generates the benign variants of op.
func Benign(op *specs.Operation) []Mutant {
	var out []Mutant
	add := func(subject, breaks string, f func(x *Exchange)) {
		out = append(out, Mutant{
			Name:   fmt.Sprintf("%s/%s.%s", ClassBenign, op.Operation, subject),
			Class:  ClassBenign,
			Breaks: breaks,
			Mutate: only(op, f),
		})
	}
	add("extra-members", "adds undocumented members to answers, items, tags and errors", func(x *Exchange) {
		x.Edit(func(m map[string]any) bool {
			m["ExtraMember"] = "x"
			if list, ok := items(op, m); ok {
				for _, it := range list {
					g, _ := it.(map[string]any)
					g["ExtraItemMember"] = json.Number("1")
					at(g, []string{"Tags", "Tag", "[]", "TagKey"}, func(p map[string]any, _ string) bool { p["ExtraTagMember"] = true; return true })
				}
			}
			return true
		})
	})
	add("keys-reversed", "writes every JSON object's members in reverse order", func(x *Exchange) {
		if m, ok := decodeObject(x.Answer); ok {
			x.Answer = orderedJSON(m, true)
		}
	})
	add("pretty-printed", "indents its JSON", func(x *Exchange) {
		if m, ok := decodeObject(x.Answer); ok {
			b, _ := json.MarshalIndent(m, "", "  ")
			x.Answer = b
		}
	})
	add("gzip", "compresses answers with gzip when the client accepts it", func(x *Exchange) {
		if !strings.Contains(x.Req.Header.Get("Accept-Encoding"), "gzip") {
			return
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write(x.Answer)
		_ = zw.Close()
		x.Answer = buf.Bytes()
		x.Header.Set("Content-Encoding", "gzip")
	})
	add("chunked", "sends answers in chunks, without Content-Length", func(x *Exchange) {
		x.Write = func(w http.ResponseWriter, x *Exchange) {
			for k, v := range x.Header {
				w.Header()[k] = v
			}
			w.Header().Del("Content-Length")
			w.WriteHeader(x.Status)
			f, _ := w.(http.Flusher)
			for b := x.Answer; len(b) > 0; {
				n := min(len(b), 97)
				_, _ = w.Write(b[:n])
				if f != nil {
					f.Flush()
				}
				b = b[n:]
			}
		}
	})
	add("header-names-lower-case", "writes its header names in lower case", func(x *Exchange) {
		x.Write = func(w http.ResponseWriter, x *Exchange) {
			for k, v := range x.Header {
				if k != "Content-Length" {
					w.Header()[strings.ToLower(k)] = v
				}
			}
			w.WriteHeader(x.Status)
			_, _ = w.Write(x.Answer)
		}
	})
	for _, ct := range []string{"application/json", "application/json; charset=UTF-8", "Application/JSON;charset=utf-8"} {
		add("content-type-"+slug(ct), "labels JSON answers "+ct, func(x *Exchange) {
			if x.JSON() {
				x.Header.Set("Content-Type", ct)
			}
		})
	}
	add("extra-headers", "adds headers of its own", func(x *Exchange) {
		x.Header.Set("x-acs-request-id", x.RequestID())
		x.Header.Set("x-acs-trace-id", "0a1b2c3d4e5f")
		x.Header.Set("Access-Control-Allow-Origin", "*")
	})
	if op.Paging != nil {
		add("opaque-tokens", "issues page tokens of another opaque format (base64 with + / =)", wrapTokens(op))
		add("next-token-empty-on-last-page", "gives the last token page an empty NextToken", func(x *Exchange) {
			if x.IsPage() && x.TokenMode() {
				x.Edit(func(m map[string]any) bool {
					if _, ok := m[op.Paging.NextToken.TokenField]; ok {
						return false
					}
					m[op.Paging.NextToken.TokenField] = ""
					return true
				})
			}
		})
		add("tags-reordered", "lists each group's tags by key descending", func(x *Exchange) {
			if x.IsPage() {
				x.Edit(func(m map[string]any) bool {
					return at(m, strings.Split(op.Paging.ItemsPath, ".")[:1], func(p map[string]any, k string) bool {
						list, _ := items(op, m)
						for _, it := range list {
							g, _ := it.(map[string]any)
							at(g, []string{"Tags", "Tag"}, func(p map[string]any, k string) bool {
								tags, _ := p[k].([]any)
								sort.SliceStable(tags, func(i, j int) bool {
									return fmt.Sprint(tags[i].(map[string]any)["TagKey"]) > fmt.Sprint(tags[j].(map[string]any)["TagKey"])
								})
								return true
							})
						}
						return true
					})
				})
			}
		})
		add("zero-optionals-omitted", "omits the optional members of an item that are empty or zero", func(x *Exchange) {
			if !x.IsPage() {
				return
			}
			x.Edit(func(m map[string]any) bool {
				list, _ := items(op, m)
				for _, it := range list {
					g, _ := it.(map[string]any)
					for _, f := range op.Item().Fields {
						if v, ok := g[f.Name]; ok && !f.Required && isZeroJSON(v) {
							delete(g, f.Name)
						}
					}
				}
				return true
			})
		})
		add("creation-time-in-minutes", "writes a date-time without its seconds when they are zero", func(x *Exchange) {
			if !x.IsPage() {
				return
			}
			x.Edit(func(m map[string]any) bool {
				list, _ := items(op, m)
				for _, it := range list {
					g, _ := it.(map[string]any)
					for _, f := range op.Item().Fields {
						if s, ok := g[f.Name].(string); ok && f.Format == "date-time" && strings.HasSuffix(s, ":00Z") && len(s) == 20 {
							g[f.Name] = strings.TrimSuffix(s, ":00Z") + "Z"
						}
					}
				}
				return true
			})
		})
	}
	add("request-id-lower-case", "writes RequestIds in lower case, wherever the answer spells them (Recommend too)", func(x *Exchange) {
		if id := x.RequestID(); id != "" && x.JSON() {
			x.Answer = bytes.ReplaceAll(x.Answer, []byte(id), []byte(strings.ToLower(id)))
		}
	})
	add("host-id-regional", "names a regional host in HostId", func(x *Exchange) {
		if !x.OK() {
			x.Edit(func(m map[string]any) bool { m["HostId"] = "ecs.cn-hangzhou.aliyuncs.com"; return true })
		}
	})
	add("recommend-error-center", "links Recommend to the older error-center search", func(x *Exchange) {
		if code := x.Code(); code != "" {
			x.Edit(func(m map[string]any) bool {
				m["Recommend"] = "https://error-center.aliyun.com/status/search?Keyword=" + code + "&source=PopGw"
				return true
			})
		}
	})
	add("optional-envelope-members-dropped", "omits the optional members of AccessDeniedDetail", func(x *Exchange) {
		if x.OK() {
			return
		}
		x.Edit(func(m map[string]any) bool {
			d, ok := m["AccessDeniedDetail"].(map[string]any)
			if e := op.ErrorEnvelope.Lookup("AccessDeniedDetail"); ok && e != nil {
				for _, f := range e.Fields {
					if !f.Required {
						delete(d, f.Name)
					}
				}
			}
			return ok
		})
	})
	add("xml-single-quoted-declaration", "opens XML answers with a single-quoted declaration", func(x *Exchange) {
		if b, ok := bytes.CutPrefix(x.Answer, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)); ok {
			x.Answer = append([]byte(`<?xml version='1.0' encoding='UTF-8'?>`), b...)
		}
	})
	for _, e := range op.Errors {
		if len(e.Headers) == 0 {
			continue
		}
		e := e
		add(e.Code+".headers-reordered", "writes the headers of "+e.Code+" with their pairs in another order and other figures", func(x *Exchange) {
			if x.Code() != e.Code {
				return
			}
			for _, h := range e.Headers {
				x.Header.Set(h, "Remain:0,Limit:10,TimeLeft:1500,Reset:1764590400")
			}
		})
	}
	return out
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		return x.String() == "0"
	}
	return false
}

// orderedJSON encodes v with object members sorted, or reverse-sorted.
func orderedJSON(v any, reverse bool) []byte {
	var buf bytes.Buffer
	var enc func(v any)
	enc = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if reverse {
				sort.Sort(sort.Reverse(sort.StringSlice(keys)))
			}
			buf.WriteByte('{')
			for i, k := range keys {
				if i > 0 {
					buf.WriteByte(',')
				}
				buf.Write(encodeJSON(k))
				buf.WriteByte(':')
				enc(x[k])
			}
			buf.WriteByte('}')
		case []any:
			buf.WriteByte('[')
			for i, it := range x {
				if i > 0 {
					buf.WriteByte(',')
				}
				enc(it)
			}
			buf.WriteByte(']')
		default:
			buf.Write(encodeJSON(x))
		}
	}
	enc(v)
	return buf.Bytes()
}

// wrapTokens hands out tokens of its own for the upstream's, and unwraps
// them on the way in by asking the upstream with the token it stands for.
func wrapTokens(op *specs.Operation) func(x *Exchange) {
	type table struct {
		mu   sync.Mutex
		real map[string]string
	}
	pg := op.Paging
	return func(x *Exchange) {
		t := State(x.P, "wrapped-tokens", func() *table { return &table{real: map[string]string{}} })
		if tok := x.Params.Get(pg.NextToken.TokenParam); tok != "" {
			t.mu.Lock()
			real, ours := t.real[tok]
			t.mu.Unlock()
			if ours && x.Code() == op.Parameter(pg.NextToken.TokenParam).InvalidError {
				x.AcceptAs(with(x.Business(), pg.NextToken.TokenParam, real))
			}
		}
		if !x.IsPage() {
			return
		}
		x.Edit(func(m map[string]any) bool {
			real, _ := m[pg.NextToken.TokenField].(string)
			if real == "" {
				return false
			}
			b := make([]byte, 24)
			_, _ = rand.Read(b)
			wrapped := base64.StdEncoding.EncodeToString(append(b, '+', '/', 0xfe)) + "="
			t.mu.Lock()
			t.real[wrapped] = real
			t.mu.Unlock()
			m[pg.NextToken.TokenField] = wrapped
			return true
		})
	}
}
