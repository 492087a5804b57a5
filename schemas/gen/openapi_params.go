package gen

import (
	"fmt"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// formBodyName is the POST form body's name under components/requestBodies.
const formBodyName = "Form"

// The common parameters that name the operation: the document restricts
// them to this operation's name and the contract's version.
const (
	actionParam  = "Action"
	versionParam = "Version"
)

// v3Headers are the headers in which an ACS3-HMAC-SHA256 request carries
// what an RPC request sends as common parameters (common.yaml), each with
// the parameter it stands for.
var v3Headers = []struct{ name, standsFor string }{
	{"x-acs-action", actionParam},
	{"x-acs-version", versionParam},
	{"x-acs-date", "Timestamp"},
	{"x-acs-signature-nonce", "SignatureNonce"},
	{"x-acs-security-token", "SecurityToken"},
}

// wireParam is one parameter as it travels: in the query (and then also as
// a field of a POST form body) or in a header.
type wireParam struct {
	name, in string
	// required: a valid request must send it; the document requires it
	// where the request has no other place for it (the query of a GET).
	required bool
	param    object // the Parameter Object, without required
	field    object // the schema of the form field; nil for headers
	// jsonArray fields travel as one JSON text (their form encoding says so).
	jsonArray bool
}

func (w wireParam) key() string { return w.in + "." + w.name }

// wireParams are an operation's parameters in the contract's order: the
// common ones, the V3 headers, then the business ones.
type wireParams struct{ list []wireParam }

// wireParameters lists every parameter of op as it travels.
func wireParameters(op *specs.Operation) (*wireParams, error) {
	w := &wireParams{}
	common := map[string]object{}
	for i := range op.CommonParameters {
		p := &op.CommonParameters[i]
		s, err := wireSchema(p, "common_parameters."+p.Name)
		if err != nil {
			return nil, err
		}
		// The shared file's examples name one operation; this document's
		// Action and Version can hold only its own.
		switch p.Name {
		case actionParam:
			s["enum"], s["example"] = []string{op.Operation}, op.Operation
		case versionParam:
			s["enum"], s["example"] = []string{op.Version}, op.Version
		}
		common[p.Name] = s
		desc := p.Description + " RPC requests only"
		if p.Required {
			desc += ", where it is required"
		}
		w.add(wireParam{name: p.Name, in: "query", required: false,
			param: queryParam(p.Name, desc+".", p.Deprecated, s), field: s})
	}
	for _, h := range v3Headers {
		s := common[h.standsFor]
		if s == nil {
			return nil, fmt.Errorf("common_parameters: %s is missing, but ACS3 requests carry it in the %s header", h.standsFor, h.name)
		}
		desc := fmt.Sprintf("ACS3-HMAC-SHA256 requests only: what RPC requests send as %s.", h.standsFor)
		w.add(wireParam{name: h.name, in: "header", param: object{"name": h.name, "in": "header", "description": desc, "schema": s}})
	}
	for i := range op.Parameters {
		p := &op.Parameters[i]
		if err := w.addBusiness(p, "parameters."+p.Name); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// addBusiness adds one business parameter: a list becomes one parameter per
// item and field (Tag.1.Key ... Tag.20.value), since OpenAPI has no way to
// name a family of parameters.
func (w *wireParams) addBusiness(p *specs.Parameter, path string) error {
	desc := parameterDescription(p)
	if p.Required {
		desc = "Required (in the query, or in the form body of a POST). " + desc
	}
	switch p.Type {
	case specs.TypeList:
		c := p.Constraints
		if c.MinIndex == nil || c.MaxIndex == nil {
			return fmt.Errorf("%s: a list parameter needs min_index and max_index for the OpenAPI document, which names each %s.N.Field", path, p.Name)
		}
		if _, err := parameterSchema(p, path); err != nil { // the list's own checks
			return err
		}
		for n := *c.MinIndex; n <= *c.MaxIndex; n++ {
			for i := range p.Fields {
				f := &p.Fields[i]
				s, err := wireSchema(f, path+"."+f.Name)
				if err != nil {
					return err
				}
				name := fmt.Sprintf("%s.%d.%s", p.Name, n, f.Name)
				fdesc := fmt.Sprintf("%s of item %d of %s (%s.N.%s, N from %d to %d): %s", f.Name, n, p.Name, p.Name, f.Name, *c.MinIndex, *c.MaxIndex, parameterDescription(f))
				w.add(wireParam{name: name, in: "query", param: queryParam(name, fdesc, p.Deprecated || f.Deprecated, s), field: s})
			}
		}
		return nil
	case specs.TypeJSONArray:
		s, err := wireSchema(p, path)
		if err != nil {
			return err
		}
		param := object{"name": p.Name, "in": "query", "description": desc + " Sent as one JSON text.",
			"content": object{mediaJSON: object{"schema": s}}}
		if p.Deprecated {
			param["deprecated"] = true
		}
		w.add(wireParam{name: p.Name, in: "query", required: p.Required, param: param, field: s, jsonArray: true})
		return nil
	}
	s, err := wireSchema(p, path)
	if err != nil {
		return err
	}
	w.add(wireParam{name: p.Name, in: "query", required: p.Required, param: queryParam(p.Name, desc, p.Deprecated, s), field: s})
	return nil
}

func (w *wireParams) add(p wireParam) { w.list = append(w.list, p) }

// wireSchema is the OpenAPI schema of one parameter's value: the JSON
// Schema of the decoded value, which is also what a query parameter's
// schema describes (tools decode "10" by the type), without the
// description, which the Parameter Object carries.
func wireSchema(p *specs.Parameter, path string) (object, error) {
	s, err := parameterSchema(p, path)
	if err != nil {
		return nil, err
	}
	delete(s, "description")
	out, err := toOpenAPISchema(s, path)
	if err != nil || p.Type != specs.TypeBoolean {
		return out, err
	}
	return wireBoolean(out), nil
}

// wireBoolean is the schema of a boolean on the wire: the service reads it
// in any letter case (DryRun=True; see schemas.DecodeWire), while a tool
// given type boolean reads only true and false from a query.
func wireBoolean(s object) object {
	out := object{"anyOf": []any{
		object{"type": "boolean"},
		object{"type": "string", "pattern": "^" + foldedAlternatives([]string{"true", "false"}) + "$"},
	}}
	for k, v := range s {
		if k != "type" {
			out[k] = v
		}
	}
	return out
}

func queryParam(name, desc string, deprecated bool, schema object) object {
	o := object{"name": name, "in": "query", "description": desc, "schema": schema}
	if deprecated {
		o["deprecated"] = true
	}
	return o
}

// refs are the path item's parameters: every one, optional, by reference.
func (w *wireParams) refs() []any {
	out := make([]any, len(w.list))
	for i, p := range w.list {
		out[i] = object{"$ref": "#/components/parameters/" + p.key()}
	}
	return out
}

// components are the Parameter Objects by key.
func (w *wireParams) components() object {
	out := object{}
	for _, p := range w.list {
		out[p.key()] = p.param
	}
	return out
}

// requiredOverrides are the required query parameters, repeated with
// required set: an operation's parameter replaces the path item's one of
// the same name and location.
func (w *wireParams) requiredOverrides() []any {
	var out []any
	for _, p := range w.list {
		if !p.required || p.in != "query" {
			continue
		}
		o := object{}
		for k, v := range p.param {
			o[k] = v
		}
		o["required"] = true
		out = append(out, o)
	}
	return out
}

// formBody is the POST form body: every query parameter may come as a form
// field instead, so none is required in it.
func (w *wireParams) formBody() object {
	props := object{}
	encoding := object{}
	for _, p := range w.list {
		if p.field == nil {
			continue
		}
		props[p.name] = p.field
		if p.jsonArray {
			encoding[p.name] = object{"contentType": mediaJSON}
		}
	}
	if len(props) == 0 {
		return nil
	}
	media := object{"schema": object{"type": "object", "properties": props}}
	if len(encoding) > 0 {
		media["encoding"] = encoding
	}
	return object{
		"description": "The parameters as a form body instead of the query (or some in each); the names and values are those of the query parameters.",
		"required":    false,
		"content":     object{mediaForm: media},
	}
}
