package specs

import "strings"

// Lookup finds a descendant element by a dotted path; "[]" after a name steps
// into the array's items (Tags.Tag[].TagKey). It returns nil when absent.
func (e *Element) Lookup(path string) *Element {
	cur := e
	for _, part := range strings.Split(path, ".") {
		into := strings.HasSuffix(part, "[]")
		part = strings.TrimSuffix(part, "[]")
		var next *Element
		for i := range cur.Fields {
			if cur.Fields[i].Name == part {
				next = &cur.Fields[i]
				break
			}
		}
		if next == nil {
			return nil
		}
		if into {
			if next.Items == nil {
				return nil
			}
			next = next.Items
		}
		cur = next
	}
	return cur
}

// Error returns the catalogue entry of a code, or nil.
func (op *Operation) Error(code string) *ErrorCode {
	for i := range op.Errors {
		if op.Errors[i].Code == code {
			return &op.Errors[i]
		}
	}
	return nil
}

// Parameter returns the parameter with this wire name, or nil.
func (op *Operation) Parameter(name string) *Parameter {
	for i := range op.Parameters {
		if op.Parameters[i].Name == name {
			return &op.Parameters[i]
		}
	}
	return nil
}

// Behaviour returns the behaviour with this ID, or nil.
func (op *Operation) Behaviour(id string) *Behaviour {
	for i := range op.Behaviours {
		if op.Behaviours[i].ID == id {
			return &op.Behaviours[i]
		}
	}
	return nil
}

// Filter returns the filter on this request parameter, or nil.
func (op *Operation) Filter(param string) *Filter {
	for i := range op.Filters {
		if op.Filters[i].Param == param {
			return &op.Filters[i]
		}
	}
	return nil
}

// Item is the element of one result of a paged list (a security group), or
// nil for an operation that does not page.
func (op *Operation) Item() *Element {
	if op.Paging == nil {
		return nil
	}
	if a := op.Response.Lookup(op.Paging.ItemsPath); a != nil {
		return a.Items
	}
	return nil
}

// Render is the one place that picks a code's message for a request signed
// with scheme ("v3" or "rpc"), replacing each {Name} placeholder with vars[Name].
func (e *ErrorCode) Render(scheme string, vars map[string]string) string {
	msg := e.Message
	if scheme == "v3" && e.V3Message != "" {
		msg = e.V3Message
	}
	for k, v := range vars {
		msg = strings.ReplaceAll(msg, "{"+k+"}", v)
	}
	return msg
}

// JSONArrayParameters names the parameters that carry a JSON array in one
// string (SecurityGroupIds), whose spelling varies between clients.
func (op *Operation) JSONArrayParameters() []string {
	var names []string
	for _, p := range op.Parameters {
		if p.Type == TypeJSONArray {
			names = append(names, p.Name)
		}
	}
	return names
}
