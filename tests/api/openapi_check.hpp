#pragma once
// Holds real responses to the OpenAPI document: for a request that reached one of the
// API's operations, the status it got must be one the document declares for that
// operation. The integration tests run every response through this.
#include <boost/json/value.hpp>

#include <optional>
#include <string>

#include "api/router.hpp"

namespace styrkort::testing {

class OpenApiStatusCheck {
public:
    // The document is generated from the router, as the server does.
    explicit OpenApiStatusCheck(const api::Router& router);

    // nullopt when the status is declared, or when the request is not one of the
    // document's operations (an undecodable target, an unknown path or method);
    // otherwise a description of the mismatch.
    [[nodiscard]] std::optional<std::string> undeclared(const std::string& method, const std::string& target,
                                                        int status) const;

    [[nodiscard]] const boost::json::value& document() const { return document_; }

private:
    const api::Router& router_;
    boost::json::value document_;
};

}  // namespace styrkort::testing
