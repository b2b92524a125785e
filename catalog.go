package till

import (
	"regexp"
	"strconv"
	"strings"
)

// ProductParams are the parameters of POST /v1/products and
// POST /v1/products/{id}.
type ProductParams struct {
	ID           *string           `form:"id"`
	Name         *string           `form:"name"`
	Active       *bool             `form:"active"`
	Description  *string           `form:"description,emptyok"`
	Images       []string          `form:"images"`
	Metadata     map[string]string `form:"metadata"`
	DefaultPrice *string           `form:"default_price"`
	TaxCode      *string           `form:"tax_code"`
	UnitLabel    *string           `form:"unit_label,emptyok"`
	URL          *string           `form:"url,emptyok"`
	Expand       []string          `form:"expand"`
}

// NewProduct checks create parameters and returns the product to store.
func NewProduct(p *ProductParams, caller Caller, now int64) (*Product, error) {
	if p.Name == nil {
		return nil, Missing("name")
	}
	if p.DefaultPrice != nil {
		return nil, Invalid(CodeParameterUnknown, "default_price", "Received unknown parameter: default_price")
	}
	prod := &Product{ID: NewProductID(), AccountID: caller.AccountID, Livemode: caller.Livemode, Active: true,
		Images: []string{}, Metadata: map[string]string{}, Created: now, Updated: now}
	if p.ID != nil {
		if err := maxLen("id", p.ID, 250); err != nil {
			return nil, err
		}
		prod.ID = *p.ID
	}
	return prod, ApplyProduct(prod, p, now)
}

// ApplyProduct applies the fields of p that were sent to prod.
func ApplyProduct(prod *Product, p *ProductParams, now int64) error {
	d := ProductDataParams{Name: p.Name, Description: p.Description, Images: p.Images, Metadata: p.Metadata,
		TaxCode: p.TaxCode, UnitLabel: p.UnitLabel}
	if d.Name == nil {
		d.Name = &prod.Name
	}
	if err := CheckProductData(&d, "product"); err != nil {
		return stripPrefix(err, "product")
	}
	if p.URL != nil && *p.URL != "" {
		if err := CheckRedirectURL("url", *p.URL); err != nil {
			return err
		}
	}
	metadata, err := applyMetadata(prod.Metadata, p.Metadata)
	if err != nil {
		return err
	}
	prod.Name = *d.Name
	setOptional(&prod.Description, p.Description)
	setOptional(&prod.UnitLabel, p.UnitLabel)
	setOptional(&prod.URL, p.URL)
	setOptional(&prod.TaxCode, p.TaxCode)
	setOptional(&prod.DefaultPrice, p.DefaultPrice)
	if p.Active != nil {
		prod.Active = *p.Active
	}
	if p.Images != nil {
		prod.Images = p.Images
	}
	prod.Metadata = metadata
	prod.Updated = now
	return nil
}

// setOptional sets *dst from an optional parameter: absent leaves it, empty
// clears it.
func setOptional(dst **string, v *string) {
	switch {
	case v == nil:
	case *v == "":
		*dst = nil
	default:
		s := *v
		*dst = &s
	}
}

// stripPrefix renames "product[x]" parameters in an error to "x" when a
// product check is reused for the top level of /v1/products: in Param, and
// in the message wherever it names a parameter, which may be more than one
// ("You may only specify one of these parameters: x[a], x[b].").
func stripPrefix(err error, prefix string) error {
	e, ok := err.(*Error)
	if !ok || !strings.HasPrefix(e.Param, prefix+"[") {
		return err
	}
	c := *e
	// "product[images][0]" becomes "images[0]".
	re := regexp.MustCompile(`(^|[^\w\]])` + regexp.QuoteMeta(prefix) + `\[([^\]]*)\]`)
	c.Param = re.ReplaceAllString(e.Param, "$1$2")
	c.Message = re.ReplaceAllString(e.Message, "$1$2")
	return &c
}

// PriceParams are the parameters of POST /v1/prices and POST /v1/prices/{id}.
type PriceParams struct {
	Currency          *string            `form:"currency"`
	UnitAmount        *int64             `form:"unit_amount"`
	UnitAmountDecimal *string            `form:"unit_amount_decimal"`
	Product           *string            `form:"product"`
	ProductData       *ProductDataParams `form:"product_data"`
	Active            *bool              `form:"active"`
	Nickname          *string            `form:"nickname,emptyok"`
	LookupKey         *string            `form:"lookup_key,emptyok"`
	TaxBehavior       *string            `form:"tax_behavior"`
	Metadata          map[string]string  `form:"metadata"`
	Recurring         *RecurringParams   `form:"recurring"`
	Expand            []string           `form:"expand"`
}

// NewPrice checks create parameters and returns the price to store, with the
// product it creates from product_data (nil when it refers to one).
func NewPrice(p *PriceParams, caller Caller, now int64) (*Price, *Product, error) {
	if p.Currency == nil {
		return nil, nil, Missing("currency")
	}
	li := LineItemParams{Quantity: new(int64), PriceData: &PriceDataParams{Currency: p.Currency, UnitAmount: p.UnitAmount,
		UnitAmountDecimal: p.UnitAmountDecimal, Product: p.Product, ProductData: p.ProductData, TaxBehavior: p.TaxBehavior}}
	*li.Quantity = 1
	if p.Recurring != nil {
		return nil, nil, Invalid(CodeInvalidRequest, "recurring", "Till supports one-time prices only; recurring prices need subscription mode, which Till does not offer.")
	}
	if err := checkLineItem(&li, "x"); err != nil {
		return nil, nil, stripPrefix(stripPrefix(err, "x"), "price_data")
	}
	price := &Price{ID: NewPriceID(), AccountID: caller.AccountID, Livemode: caller.Livemode, Active: true,
		Currency: *p.Currency, UnitAmount: p.UnitAmount, Metadata: map[string]string{}, Created: now}
	var product *Product
	if p.ProductData != nil {
		d := p.ProductData
		product = &Product{ID: NewProductID(), AccountID: caller.AccountID, Livemode: caller.Livemode, Active: true,
			Name: *d.Name, Description: d.Description, Images: []string{}, Metadata: CleanMetadata(d.Metadata),
			TaxCode: d.TaxCode, UnitLabel: d.UnitLabel, Created: now, Updated: now}
		if d.Images != nil {
			product.Images = d.Images
		}
		price.ProductID = product.ID
	} else {
		price.ProductID = *p.Product
	}
	price.setAmount(p.UnitAmount, p.UnitAmountDecimal)
	return price, product, ApplyPrice(price, p)
}

// ApplyPrice applies the updatable fields of p that were sent to price.
func ApplyPrice(price *Price, p *PriceParams) error {
	if err := oneOf("tax_behavior", p.TaxBehavior, "exclusive", "inclusive", "unspecified"); err != nil {
		return err
	}
	if err := maxLen("lookup_key", p.LookupKey, 200); err != nil {
		return err
	}
	metadata, err := applyMetadata(price.Metadata, p.Metadata)
	if err != nil {
		return err
	}
	if p.Active != nil {
		price.Active = *p.Active
	}
	if p.TaxBehavior != nil {
		price.TaxBehavior = p.TaxBehavior
	}
	setOptional(&price.Nickname, p.Nickname)
	setOptional(&price.LookupKey, p.LookupKey)
	price.Metadata = metadata
	return nil
}

// CustomerParams are the parameters of POST /v1/customers and
// POST /v1/customers/{id}.
type CustomerParams struct {
	Email       *string           `form:"email,emptyok"`
	Name        *string           `form:"name,emptyok"`
	Phone       *string           `form:"phone,emptyok"`
	Description *string           `form:"description,emptyok"`
	Address     *Address          `form:"address"`
	Shipping    *Shipping         `form:"shipping"`
	Metadata    map[string]string `form:"metadata"`
	Expand      []string          `form:"expand"`
}

// ApplyCustomer checks p and applies the fields that were sent to c.
func ApplyCustomer(c *Customer, p *CustomerParams) error {
	if p.Email != nil && *p.Email != "" {
		if err := checkEmail("email", *p.Email); err != nil {
			return err
		}
	}
	if p.Shipping != nil {
		if p.Shipping.Name == nil {
			return Missing("shipping[name]")
		}
		if p.Shipping.Address.Line1 == nil {
			return Missing("shipping[address][line1]")
		}
	}
	for _, err := range []error{
		maxLen("email", p.Email, 512), maxLen("name", p.Name, 256), maxLen("phone", p.Phone, 20),
		maxLen("description", p.Description, 350),
	} {
		if err != nil {
			return err
		}
	}
	metadata, err := applyMetadata(c.Metadata, p.Metadata)
	if err != nil {
		return err
	}
	setOptional(&c.Email, p.Email)
	setOptional(&c.Name, p.Name)
	setOptional(&c.Phone, p.Phone)
	setOptional(&c.Description, p.Description)
	if p.Address != nil {
		c.Address = p.Address
	}
	if p.Shipping != nil {
		c.Shipping = p.Shipping
	}
	c.Metadata = metadata
	return nil
}

// applyMetadata checks a metadata update and returns current with it
// applied (MergeMetadata; an empty non-nil update is `metadata=`, which
// clears all). Stripe's limits hold for the object's metadata, not only for
// the request: 30 stored keys plus 30 new ones are refused although each
// request alone is within the 50 keys.
func applyMetadata(current, update map[string]string) (map[string]string, error) {
	if err := CheckMetadata("metadata", update); err != nil {
		return nil, err
	}
	merged := MergeMetadata(current, update, update != nil && len(update) == 0)
	if err := CheckMetadata("metadata", merged); err != nil {
		return nil, err
	}
	return merged, nil
}

// setAmount sets both amount fields from the one the caller sent; a decimal
// amount that is a whole number also fills unit_amount, as at Stripe.
func (p *Price) setAmount(amount *int64, decimal *string) {
	p.UnitAmount = amount
	p.UnitAmountDecimal = unitAmountDecimal(amount, decimal)
	if r := p.UnitAmountRat(); amount == nil && r.IsInt() {
		v := r.Num().Int64()
		p.UnitAmount = &v
	}
}

// unitAmountDecimal is a price's unit_amount_decimal: the exact amount as a
// decimal string without trailing zeros ("1000", "12.5").
func unitAmountDecimal(amount *int64, decimal *string) string {
	if amount != nil {
		return strconv.FormatInt(*amount, 10)
	}
	r, err := ParseDecimalAmount(*decimal, "unit_amount_decimal")
	if err != nil {
		return *decimal
	}
	s := r.FloatString(12)
	return strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
}
