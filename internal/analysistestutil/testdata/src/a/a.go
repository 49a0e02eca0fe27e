package a

func Bad() {} // want `function Bad`

func good() {} // want `an expectation the analyzer does not meet`
