package b

// Bad is reported without a want comment: an unexpected diagnostic.
func Bad() {}
