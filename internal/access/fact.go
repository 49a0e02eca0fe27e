package access

// Fact is the serialisable form of a path a caller can name (a
// parameter's, a free variable's or a package variable's), for analysis
// facts: only exported, plain fields (gob carries them and encodes them
// the same way every time), and at most MaxSteps steps.
type Fact struct {
	Root  Root
	Steps []Step
}

// Fact returns p's serialisable form; ok is false when no other
// function can name p's root (a local or an allocation).
func (p Path) Fact() (Fact, bool) {
	if !p.Root.Kind.Outside() || len(p.Steps) > MaxSteps {
		return Fact{}, false
	}
	f := Fact{Root: p.Root, Steps: append([]Step(nil), p.Steps...)}
	if f.Root.Kind != Global {
		f.Root.Name = "" // the caller names it (its argument), not the callee
	}
	return f, true
}

// Path returns the path a fact describes, in the terms of the function
// the fact is about.
func (f Fact) Path() Path {
	return Path{Root: f.Root, Steps: f.Steps}
}

// Ref returns the place a fact describes, with its class and class
// name (Ref.ClassName).
func (f Fact) Ref(class, className string) Ref {
	return newRef(class, className, f.Path())
}

// String renders the fact as Path.String does.
func (f Fact) String() string { return f.Path().String() }
