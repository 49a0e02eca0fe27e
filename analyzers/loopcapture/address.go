package loopcapture

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/spawn"
)

// checkAddressArgs reports &v among the arguments of a go or defer
// statement's call, and v.M() where M has a pointer receiver (an
// implicit &v), all evaluated at the statement: the callee then holds a
// pointer to the one variable every iteration writes.
func (c *checker) checkAddressArgs(site spawn.Site) {
	loops, fn := c.enclosing()
	if len(loops) == 0 {
		return
	}
	check := func(at ast.Expr, v *types.Var) {
		l, _ := owner(loops, v)
		if site.Kind.Concurrent() && c.joinedBeforeNextWrite(fn, site, v, l) {
			return
		}
		c.reportAddress(at, v, l, site, fmt.Sprintf("the %s may see a later value through it", site.Kind))
	}
	for _, arg := range site.Call.Args {
		if v := c.addressOfLoopVar(arg, loops); v != nil {
			check(arg, v)
		}
	}
	if sel, ok := ast.Unparen(site.Call.Fun).(*ast.SelectorExpr); ok {
		if v := c.implicitAddress(sel, loops); v != nil {
			check(sel.X, v)
		}
	}
}

// checkSend reports ch <- &v inside a loop: the receiver keeps a
// pointer to the shared variable.
func (c *checker) checkSend(s *ast.SendStmt) {
	loops, _ := c.enclosing()
	if len(loops) == 0 {
		return
	}
	if v := c.addressOfLoopVar(s.Value, loops); v != nil {
		l, _ := owner(loops, v)
		site := spawn.Site{Node: s}
		c.reportAddress(s.Value, v, l, site, "the receiver may see a later value through it")
	}
}

func (c *checker) reportAddress(at ast.Expr, v *types.Var, l loop, site spawn.Site, consequence string) {
	key := reportKey{v, at}
	if c.reported[key] {
		return
	}
	c.reported[key] = true
	msg := fmt.Sprintf("address of loop variable %s is shared by every iteration (%s semantics): %s; copy it (%s := %s) first",
		v.Name(), c.goVersion, consequence, v.Name(), v.Name())
	if _, ok := site.Node.(*ast.SendStmt); ok {
		site.Node = nil // the diagnostic is at the send itself
	}
	c.report(at, msg, site, v, l)
}

// addressOfLoopVar returns the loop variable whose storage e points
// into: &v, &v.f, &v.arr[i] (fields and array elements are part of v).
func (c *checker) addressOfLoopVar(e ast.Expr, loops []loop) *types.Var {
	u, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil
	}
	return c.storageRoot(u.X, loops)
}

// implicitAddress returns v when sel is v.M with M a pointer-receiver
// method and v a value: the call takes &v.
func (c *checker) implicitAddress(sel *ast.SelectorExpr, loops []loop) *types.Var {
	selection := c.pass.TypesInfo.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return nil
	}
	fn, ok := selection.Obj().(*types.Func)
	if !ok {
		return nil
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil
	}
	if _, ptr := recv.Type().(*types.Pointer); !ptr {
		return nil
	}
	if isPointer(c.pass.TypesInfo.TypeOf(sel.X)) {
		return nil
	}
	if selection.Indirect() {
		return nil // reached through an embedded pointer: not v's storage
	}
	return c.storageRoot(sel.X, loops)
}

// storageRoot follows field selections and array indexing (but not
// pointer dereferences) to a loop variable.
func (c *checker) storageRoot(e ast.Expr, loops []loop) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if !ok {
				return nil
			}
			if _, ok := owner(loops, v); ok {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			s := c.pass.TypesInfo.Selections[x]
			if s == nil || s.Kind() != types.FieldVal || s.Indirect() || isPointer(c.pass.TypesInfo.TypeOf(x.X)) {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			t := c.pass.TypesInfo.TypeOf(x.X)
			if t == nil {
				return nil
			}
			if _, ok := t.Underlying().(*types.Array); !ok {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

func isPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}
