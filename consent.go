package till

// ConsentCollection is what a session asks the shopper to agree to:
// terms_of_service required or none, promotions auto or none (stored and
// returned; Till's page asks nothing about promotions).
type ConsentCollection struct {
	TermsOfService *string `json:"terms_of_service"`
	Promotions     *string `json:"promotions"`
}

// ConsentCollectionParams is consent_collection of a create.
type ConsentCollectionParams struct {
	TermsOfService *string `form:"terms_of_service"`
	Promotions     *string `form:"promotions"`
}

// Consent is what the shopper agreed to, once the session completed.
type Consent struct {
	TermsOfService *string `json:"terms_of_service"`
	Promotions     *string `json:"promotions"`
}

// RequiresTerms reports whether the shopper must accept the merchant's
// terms of service to pay.
func (s *Session) RequiresTerms() bool {
	c := s.ConsentCollection
	return c != nil && c.TermsOfService != nil && *c.TermsOfService == "required"
}

func checkConsentCollection(c *ConsentCollectionParams) error {
	if c == nil {
		return nil
	}
	if err := oneOf("consent_collection[terms_of_service]", c.TermsOfService, "none", "required"); err != nil {
		return err
	}
	return oneOf("consent_collection[promotions]", c.Promotions, "auto", "none")
}

// errNoTermsURL is Stripe's answer to a session that asks for consent to
// terms of service an account has not published.
func errNoTermsURL() error {
	return Invalid(CodeInvalidRequest, "consent_collection[terms_of_service]", "You cannot collect consent to your terms "+
		"of service unless a URL is set in the Stripe Dashboard. Update your public business details in the Dashboard "+
		"https://dashboard.stripe.com/settings/public with a Terms of service URL to collect terms of service consent.")
}
