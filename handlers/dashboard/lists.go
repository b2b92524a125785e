package dashboard

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"till"
)

// defaultPageSize is how many rows a page of a list shows unless ?limit=
// asks for another number.
const defaultPageSize = 25

// listPage is the page of a list a request asks for: ?limit= (1 to 100,
// defaultPageSize when absent) rows newer than ?ending_before= or older
// than ?starting_after=.
func listPage(c *fiber.Ctx) (till.Page, error) {
	page := till.Page{Limit: defaultPageSize, StartingAfter: c.Query("starting_after"), EndingBefore: c.Query("ending_before")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return page, &till.Error{Kind: till.KindInvalid, Message: "limit must be a whole number from 1 to 100."}
		}
		page.Limit = n
	}
	return page, nil
}

// listError is a list read's error as the page answers it: a cursor that
// names nothing of the account is a page that does not exist (404),
// whoever's object it names.
func listError(err error, page till.Page, objectType string) error {
	if till.ErrorKindOf(err) == till.KindInvalid && (page.StartingAfter != "" || page.EndingBefore != "") {
		return till.NotFound(objectType, page.StartingAfter+page.EndingBefore, "")
	}
	return err
}

// pageLinks are the links of a page of rows of the list at path to its
// newer and older pages (empty when there is none), keeping the list's
// filters and page size; more is whether rows follow beyond the page in the
// direction it was read, and id names a row.
func pageLinks[T any](path string, filters url.Values, page till.Page, more bool, rows []T, id func(T) string) (newer, older string) {
	if len(rows) == 0 {
		return "", ""
	}
	link := func(cursor, id string) string {
		v := url.Values{}
		for k, vs := range filters {
			if len(vs) > 0 && vs[0] != "" {
				v.Set(k, vs[0])
			}
		}
		if page.Limit != defaultPageSize {
			v.Set("limit", strconv.Itoa(page.Limit))
		}
		v.Set(cursor, id)
		return path + "?" + v.Encode()
	}
	if page.StartingAfter != "" || (page.EndingBefore != "" && more) {
		newer = link("ending_before", id(rows[0]))
	}
	if page.EndingBefore != "" || more {
		older = link("starting_after", id(rows[len(rows)-1]))
	}
	return newer, older
}
