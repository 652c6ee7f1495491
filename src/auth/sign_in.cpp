#include "auth/sign_in.hpp"

#include "auth/errors.hpp"
#include "auth/mfa_service.hpp"

namespace styrkort::auth {

SignedIn open_session(storage::Connection& c, const User& user, const std::string& remote,
                      const std::string& second_factor) {
    IdentityStore store(c);
    auto session = store.create_session(user, remote, second_factor);
    SignedIn result;
    result.principal = principal_for(c, user);
    result.principal.via = Principal::Via::session;
    result.principal.session_id = session.id;
    result.principal.csrf_token = session.csrf_token;
    result.principal.second_factor = second_factor;
    result.principal.mfa_gate = mfa_gate_for(c, result.principal);
    result.session_secret = session.secret;
    return result;
}

void refuse_throttled(Throttled why) {
    if (why == Throttled::account_locked) {
        throw TooManyAttempts({"kontot är tillfälligt låst efter för många misslyckade inloggningar",
                               "the account is locked for a while after too many failed sign-ins"});
    }
    throw TooManyAttempts({"för många misslyckade inloggningar från din adress; försök igen senare",
                           "too many failed sign-ins from your address; try again later"});
}

}  // namespace styrkort::auth
