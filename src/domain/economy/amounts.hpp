#pragma once
// Money as the plan publishes it. Amounts are stored as whole kronor; a table states the
// unit (kr, tkr, mnkr) and the number of decimals it was published with, which decides
// how an amount is shown and how large a difference rounding alone can explain.
#include <string>

namespace styrkort::economy {

// Kronor per published unit: kr 1, tkr 1 000, mnkr 1 000 000. Throws on other names.
long long kronor_per_unit(const std::string& unit);

// The value of one step in the last published digit, in kronor (0,1 mnkr = 100 000).
long long last_digit_kronor(const std::string& unit, int decimals);

// "-3 183,8": exact value in the unit, space as thousands separator, decimal comma, at
// least `decimals` decimals and as many more as needed to show the exact value.
std::string format_amount(long long kronor, const std::string& unit, int decimals);

// The largest difference between a stated total and the sum of `addends` published
// values that rounding to the last published digit can explain: half a step per addend
// and for the total, but never more than three steps (a long list of values shown to
// 0,1 mnkr that is 1,0 mnkr off is an error, not rounding).
long long rounding_tolerance(const std::string& unit, int decimals, std::size_t addends);

}  // namespace styrkort::economy
