package calls

import (
	"go/constant"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssautil"
)

// formatted returns the methods fmt calls on the operands of a call of
// a fmt or log printing function whose concrete types are known: the
// operand was converted to an interface at the call.
func (r *Resolver) formatted(call *ssa.CallCommon) []Callee {
	format, wrap, ok := printer(call)
	if !ok || len(call.Args) == 0 {
		return nil
	}
	ops := operands(call.Args[len(call.Args)-1])
	verbs := make([]string, len(ops))
	if format >= 0 {
		c, ok := call.Args[format].(*ssa.Const)
		if !ok || c.Value == nil || c.Value.Kind() != constant.String {
			return nil // an unknown format may print anything any way
		}
		verbs = parseVerbs(constant.StringVal(c.Value), len(ops))
	} else {
		for i := range verbs {
			verbs[i] = "v"
		}
	}
	var out []Callee
	for i, op := range ops {
		if op == nil {
			continue
		}
		if m := r.formatMethod(op.Type(), verbs[i], wrap); m != nil {
			args := make([]ssa.Value, len(m.Params))
			if len(args) > 0 {
				args[0] = op
			}
			out = append(out, Callee{Fn: m, Kind: Format, Args: args, Alternatives: 1})
		}
	}
	return out
}

// printer recognises a printing function of fmt or log (ssautil.PrintFunc)
// called statically and returns the index of its format argument among
// the call's arguments (-1: it formats every operand with %v) and
// whether %w is a verb (Errorf).
func printer(call *ssa.CallCommon) (format int, wrap, ok bool) {
	fn := call.StaticCallee()
	if fn == nil {
		return 0, false, false
	}
	obj, _ := fn.Object().(*types.Func)
	format, wrap, ok = ssautil.PrintFunc(obj)
	if ok && format >= 0 && obj.Type().(*types.Signature).Recv() != nil {
		format++ // (*log.Logger).Printf: the receiver comes first
	}
	return format, wrap, ok
}

// operands returns the values passed in a variadic ...any slice, each
// one the concrete value converted to an interface there (nil where
// the operand's dynamic type is unknown).
func operands(v ssa.Value) []ssa.Value {
	sl, ok := v.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	ptr, ok := types.Unalias(arr.Type()).(*types.Pointer)
	if !ok {
		return nil
	}
	at, ok := ptr.Elem().Underlying().(*types.Array)
	if !ok || at.Len() > 64 {
		return nil
	}
	out := make([]ssa.Value, at.Len())
	for _, ref := range *arr.Referrers() {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		c, ok := ia.Index.(*ssa.Const)
		if !ok || c.Value == nil {
			continue
		}
		i, exact := constant.Int64Val(constant.ToInt(c.Value))
		if !exact || i < 0 || i >= int64(len(out)) {
			continue
		}
		for _, st := range *ia.Referrers() {
			if st, ok := st.(*ssa.Store); ok && st.Addr == ia {
				if mi, ok := st.Val.(*ssa.MakeInterface); ok {
					out[i] = mi.X
				}
			}
		}
	}
	return out
}

// parseVerbs returns the verb ("#v" for %#v)
// that formats each of n operands of format, "" for one it does not
// name or names only as a width or precision.
func parseVerbs(format string, n int) []string {
	out := make([]string, n)
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		sharp := false
		for i++; i < len(format); i++ {
			c := format[i]
			switch {
			case c == '#':
				sharp = true
				continue
			case strings.IndexByte("+- 0.", c) >= 0 || ('1' <= c && c <= '9'):
				continue
			case c == '*':
				arg++ // a width or precision operand
				continue
			case c == '[':
				end := strings.IndexByte(format[i:], ']')
				if end < 0 {
					return out
				}
				k := 0
				for _, d := range format[i+1 : i+end] {
					if d < '0' || d > '9' {
						return out
					}
					k = 10*k + int(d-'0')
				}
				arg = k - 1
				i += end
				continue
			}
			break
		}
		if i >= len(format) || format[i] == '%' {
			continue
		}
		if arg >= 0 && arg < n {
			verb := string(format[i])
			if sharp && verb == "v" {
				verb = "#v" // GoString's, not String's
			}
			out[arg] = verb
		}
		arg++
	}
	return out
}

// callsMethods reports whether a verb makes fmt call an operand's
// Error or String method.
func callsMethods(verb string, wrap bool) bool {
	switch verb {
	case "v", "s", "q", "x", "X":
		return true
	case "w":
		return wrap
	}
	return false
}

// formatMethod returns the method fmt calls to format a value of type
// t with verb, as its handleMethods chooses: Format for any verb but
// %T and %p, else Error or String for the verbs callsMethods names;
// none for %#v (GoString) or an operand no verb names.
func (r *Resolver) formatMethod(t types.Type, verb string, wrap bool) *ssa.Function {
	if r.pkg == nil || types.IsInterface(t) || verb == "" || verb == "T" || verb == "p" {
		return nil
	}
	ms := r.pkg.Prog.MethodSets.MethodSet(t)
	pick := func(name string, params int) *ssa.Function {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			return nil
		}
		sig, ok := sel.Type().(*types.Signature)
		if !ok || sig.Params().Len() != params {
			return nil
		}
		return r.pkg.Prog.MethodValue(sel)
	}
	if m := pick("Format", 2); m != nil {
		return m
	}
	if !callsMethods(verb, wrap) {
		return nil
	}
	if m := pick("Error", 0); m != nil {
		return m
	}
	return pick("String", 0)
}
