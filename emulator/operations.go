package emulator

import (
	"fmt"
	"strings"

	"github.com/ecs-conformance/ecs-conformance/specs"
)

// The emulator is a protocol layer (decode, authentication, faults, errors,
// control endpoints) in front of an Action → handler table. Each operation
// lives in a file named after it (describe_security_groups.go): its plan,
// compiled from its contract at New, and its response writers. That file
// registers the operation; nothing else in the package names it.

// operation answers one authenticated, fault-free call of its Action. The
// call is passed by value: through an interface the compiler cannot see
// that a pointer stays on the stack, and a heap call per request is the
// one allocation the dispatch would add. The operation only reads it.
type operation interface {
	serve(c call) (*out, *apiError)
}

// handler is one entry of the Action table: what the protocol layer needs of
// an operation (its contract, its error table, its validator, its RAM action)
// and the operation itself.
type handler struct {
	op    *specs.Operation
	errs  errorTable
	valid *validator
	// syntax is the code this operation's contract answers for a parameter
	// that is malformed on the wire, sent twice, or has no code of its own.
	syntax Code
	// authAction is the RAM action of AccessDeniedDetail: ecs:<Operation>.
	authAction string
	impl       operation
}

// implementation is what an operation's file registers.
type implementation struct {
	action string
	// syntax names the contract's code for a malformed parameter: the
	// contracts spell it differently (InvalidParameter, InvalidParamter),
	// and nothing in a contract marks it, so the operation's file says it.
	syntax Code
	// build compiles the operation from its handler, whose contract, error
	// table and validator are ready; it fails when the contract lacks
	// something the operation relies on.
	build func(s *Server, h *handler) (operation, error)
}

var implementations = map[string]implementation{}

// register adds an operation to the ones New can build. It is called from
// the init of the operation's file; registering an action twice is a
// defect of the package.
func register(impl implementation) {
	if _, dup := implementations[impl.action]; dup {
		panic("emulator: operation " + impl.action + " is registered twice")
	}
	implementations[impl.action] = impl
}

// buildHandlers fills the Action table with one handler per operation of
// ops, and the shared error table from the first one (every operation
// carries the same shared codes, as the contract loader ensures).
func (s *Server) buildHandlers(ops []*specs.Operation) error {
	if len(ops) == 0 {
		return fmt.Errorf("emulator: no operations to answer; leave Options.Operations nil for all of specs.Operations()")
	}
	s.ops = make(map[string]*handler, len(ops))
	for i, op := range ops {
		if op == nil {
			return fmt.Errorf("emulator: Options.Operations[%d] is nil", i)
		}
		if s.ops[op.Operation] != nil {
			return fmt.Errorf("emulator: Options.Operations lists %s twice; give each operation once", op.Operation)
		}
		if op.Product != ops[0].Product {
			return fmt.Errorf("emulator: %s is of product %s, %s of %s; one emulator answers one product", op.Operation, op.Product, ops[0].Operation, ops[0].Product)
		}
		h, err := s.newHandler(op)
		if err != nil {
			return err
		}
		s.ops[op.Operation] = h
	}
	var err error
	if s.shared, err = newSharedTable(ops[0]); err != nil {
		return err
	}
	s.product = ops[0].Product
	return nil
}

// newHandler compiles one operation: its error table, its validator, then
// the operation's own plan.
func (s *Server) newHandler(op *specs.Operation) (*handler, error) {
	impl, ok := implementations[op.Operation]
	if !ok {
		return nil, fmt.Errorf("emulator: the contract set has %s, which the emulator does not implement; add emulator/%s.go or leave it out of Options.Operations", op.Operation, fileName(op.Operation))
	}
	h := &handler{op: op, syntax: impl.syntax, authAction: strings.ToLower(op.Product) + ":" + op.Operation}
	var err error
	if h.errs, err = newErrorTable(op); err != nil {
		return nil, err
	}
	if h.errs[h.syntax] == nil {
		return nil, fmt.Errorf("emulator: the contract of %s lists no error %q, which the emulator answers for a malformed parameter", op.Operation, h.syntax)
	}
	if h.valid, err = newValidator(op, h.errs); err != nil {
		return nil, err
	}
	// Every ECS operation's RegionId must name a region the store serves,
	// not only match the pattern; its invalid_error answers either way.
	if i, ok := h.valid.index["RegionId"]; ok {
		h.valid.rules[i].known = func(region string) bool { return s.opts.Store.HasRegion(region) }
	}
	if h.impl, err = impl.build(s, h); err != nil {
		return nil, err
	}
	return h, nil
}

// fileName is the file an operation lives in: DescribeSecurityGroups →
// describe_security_groups.
func fileName(action string) string {
	var b strings.Builder
	for i, r := range action {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
