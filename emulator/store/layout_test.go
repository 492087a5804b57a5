package store

import (
	"fmt"
	"reflect"
	"testing"
	"unsafe"
)

// TestIndexesHoldNoPointers guards the reason for the snapshot's layout: a
// pointer anywhere in a row or a posting key makes the garbage collector
// scan every group of every region on each cycle.
func TestIndexesHoldNoPointers(t *testing.T) {
	var check func(path string, ty reflect.Type)
	check = func(path string, ty reflect.Type) {
		switch ty.Kind() {
		case reflect.Bool, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int,
			reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		case reflect.Array:
			check(path+"[]", ty.Elem())
		case reflect.Struct:
			for i := range ty.NumField() {
				check(path+"."+ty.Field(i).Name, ty.Field(i).Type)
			}
		default:
			t.Errorf("%s is a %s, which holds a pointer", path, ty.Kind())
		}
	}
	for _, v := range []any{row{}, tagRef{}, span{}, postKey{}, strRef{}, ruleRow{}} {
		check(reflect.TypeOf(v).Name(), reflect.TypeOf(v))
	}
}

// TestInterning checks that equal strings and tag lists decoded separately
// are stored once, and that the store keeps none of the caller's memory.
func TestInterning(t *testing.T) {
	groups := Default() // decoded from JSON: every string its own allocation
	m, err := NewMemory(groups)
	if err != nil {
		t.Fatal(err)
	}
	s := m.load()
	p := s.part(DefaultAccount, FixtureRegion)
	var web []row
	for _, r := range p.rows {
		if s.text.str(r.vpc) == FixtureVPC && s.text.str(r.desc) == "web tier" {
			web = append(web, r)
		}
	}
	if len(web) < 2 {
		t.Fatalf("%d web-tier groups in the fixture; want several", len(web))
	}
	for _, r := range web[1:] {
		if r.vpc != web[0].vpc || r.desc != web[0].desc || r.rg != web[0].rg || r.tags != web[0].tags {
			t.Errorf("%s stores its VPC, description, resource group or tags apart from %s", s.text.str(r.id), s.text.str(web[0].id))
		}
	}
	distinct := map[string]bool{}
	for _, g := range groups {
		if len(g.Tags) > 0 {
			distinct[fmt.Sprintf("%q", g.Tags)] = true
		}
	}
	if len(s.tagSets) != len(distinct)+1 { // set 0 is the empty one
		t.Errorf("%d tag sets for %d distinct tag lists; equal lists are not shared", len(s.tagSets)-1, len(distinct))
	}
	page, _ := m.Page(home(Query{ID: FixtureGroupID}), "", 1)
	i := func() int {
		for i := range groups {
			if groups[i].ID == FixtureGroupID {
				return i
			}
		}
		return -1
	}()
	if unsafe.StringData(page[0].ID) == unsafe.StringData(groups[i].ID) || unsafe.StringData(page[0].VpcID) == unsafe.StringData(groups[i].VpcID) {
		t.Error("the store holds on to the strings of the groups it was given")
	}
}

func TestStrTable(t *testing.T) {
	tab := newStrTable()
	refs := map[string]strRef{}
	for i := range 1000 { // enough to grow the table several times
		s := fmt.Sprint("value-", i%700)
		r := tab.intern(s)
		if prev, ok := refs[s]; ok && prev != r {
			t.Fatalf("intern(%q) = %v, earlier %v", s, r, prev)
		}
		refs[s] = r
	}
	id := tab.put("value-3")
	if id == refs["value-3"] || tab.str(id) != "value-3" {
		t.Errorf("put shares or garbles: %v, %q", id, tab.str(id))
	}
	tab.seal()
	for s, r := range refs {
		if got, ok := tab.find(s); !ok || got != r || tab.str(r) != s {
			t.Errorf("find(%q) = %v, %v; want %v", s, got, ok, r)
		}
	}
	if r, ok := tab.find("value-700"); ok {
		t.Errorf("find of a string never interned: %v", r)
	}
	if r, ok := tab.find(""); !ok || r != (strRef{}) || tab.str(r) != "" {
		t.Errorf("find(\"\") = %v, %v", r, ok)
	}
	if _, ok := newStrTable().find("x"); ok {
		t.Error("an empty table finds a string")
	}
}
