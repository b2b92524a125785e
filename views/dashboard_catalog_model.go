package views

// The product catalogue's view models.

// DashboardProducts is the list of products with the filter and search it
// was asked for and the links to the newer and older pages (empty when
// there is none).
type DashboardProducts struct {
	Frame    DashboardFrame
	Status   string // active, archived or all
	Search   string
	Rows     []DashboardProductRow
	NewerURL string
	OlderURL string
	NewURL   string
}

// DashboardProductRow is one product in the list.
type DashboardProductRow struct {
	ID      string
	URL     string
	Name    string
	Status  string // active or archived
	Created string
	Updated string
}

// DashboardProductDetail is one product: its facts, prices and metadata,
// with the forms that change it.
type DashboardProductDetail struct {
	Frame    DashboardFrame
	ID       string
	Name     string
	Status   string // active or archived
	ListURL  string
	EditURL  string
	Summary  []DashboardField
	Metadata []DashboardField
	Prices   []DashboardPriceRow
	// Archive archives an active product, or unarchives an archived one.
	Archive      DashboardForm
	ArchiveLabel string
	AddPrice     DashboardPriceForm
}

// DashboardPriceRow is one price of a product, with the form that archives
// or unarchives it.
type DashboardPriceRow struct {
	ID          string
	Amount      string
	Currency    string
	Type        string
	Status      string // active or archived
	Created     string
	Toggle      DashboardForm
	ToggleLabel string
}

// DashboardPriceForm is the form that adds a price: what was typed (after
// a refusal), and the currencies to choose from.
type DashboardPriceForm struct {
	Form       DashboardForm
	UnitAmount string
	Currencies []DashboardOption
}

// DashboardOption is a choice of a select.
type DashboardOption struct {
	Value    string
	Label    string
	Selected bool
}

// DashboardProductForm is the form that creates or edits a product, filled
// in with the product's fields or with what was typed before a refusal.
type DashboardProductForm struct {
	Frame       DashboardFrame
	Heading     string
	Form        DashboardForm
	Name        string
	Description string
	Active      bool
	Submit      string
	CancelURL   string
}
