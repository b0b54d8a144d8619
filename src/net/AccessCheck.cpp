#include "net/AccessCheck.h"

#include "net/RegistrarClient.h"

using namespace Qt::StringLiterals;

namespace rw {

namespace {

// What Cloudflare answered, short: "HTTP 403: 9109: Unauthorized to access requested resource".
QString cloudflareSaid(const ApiError &error)
{
    QStringList parts;
    for (const ApiMessage &message : error.apiErrors)
        parts.append(message.toString());
    const QString status = u"HTTP %1"_s.arg(error.httpStatus);
    return parts.isEmpty() ? status : status + u": "_s + parts.join(u"; "_s);
}

bool hasCode(const ApiError &error, std::initializer_list<int> codes)
{
    for (const ApiMessage &message : error.apiErrors) {
        if (std::find(codes.begin(), codes.end(), message.code) != codes.end())
            return true;
    }
    return false;
}

// Cloudflare's answers when it does not take the credentials themselves: an unknown or
// malformed key or email, missing or malformed authentication headers, an invalid token.
bool credentialsRefused(const ApiError &error)
{
    return error.httpStatus == 401 ||
           (error.httpStatus == 403 && hasCode(error, {9103, 9106, 9107, 6003, 6111, 1000}));
}

// The account is not one these credentials reach: none at that address, or not theirs. A
// refusal to read the registrar's data (10000, "Authentication error") is another matter.
bool accountUnreachable(const ApiError &error)
{
    return error.httpStatus == 404 || (error.httpStatus == 403 && hasCode(error, {9109}));
}

} // namespace

bool AccessCheck::Report::passed() const
{
    for (const Finding &finding : findings) {
        if (finding.outcome != Outcome::Passed)
            return false;
    }
    return findings.size() == 3;
}

std::optional<AccessCheck::Outcome> AccessCheck::Report::outcomeOf(Step step) const
{
    for (const Finding &finding : findings) {
        if (finding.step == step)
            return finding.outcome;
    }
    return std::nullopt;
}

QString AccessCheck::Report::text() const
{
    QStringList lines;
    for (const Finding &finding : findings) {
        const QString mark = finding.outcome == Outcome::Passed   ? u"✔"_s
                             : finding.outcome == Outcome::Failed ? u"✘"_s
                                                                  : u"–"_s;
        lines.append(mark + u' ' + finding.sentence);
    }
    return lines.join(u'\n');
}

AccessCheck::AccessCheck(QNetworkAccessManager *network, ClientConfig config, AccountRef account,
                         QObject *parent)
    : QObject(parent)
    , m_client(new RegistrarClient(network, std::move(config), SystemClock::instance(), this))
    , m_account(std::move(account))
{}

AccessCheck::~AccessCheck() = default;

bool AccessCheck::usesToken() const
{
    return m_client->config().credentials.scheme() == Credentials::Scheme::ApiToken;
}

bool AccessCheck::accountOwnsToken() const
{
    return usesToken() && m_client->config().credentials.token().startsWith(u"cfat_");
}

QString AccessCheck::credentialsName() const
{
    return usesToken() ? u"the token"_s : u"the email and Global API Key"_s;
}

bool AccessCheck::has(Step step) const
{
    return m_report.outcomeOf(step).has_value();
}

void AccessCheck::add(Step step, Outcome outcome, const QString &sentence)
{
    m_report.findings.append({step, outcome, sentence});
}

void AccessCheck::setSentObserver(std::function<void()> observer)
{
    m_client->setSentObserver(std::move(observer));
}

void AccessCheck::start()
{
    if (usesToken())
        verifyToken();
    else
        readRegistrations(); // a Global API Key has no verify endpoint: the request says it all
}

void AccessCheck::verifyToken()
{
    m_asking = Step::Credentials;
    // Account-owned tokens verify under their account; /user/tokens/verify rejects them.
    TokenCall *call =
        m_client->verifyToken(accountOwnsToken() ? std::optional(m_account) : std::nullopt);
    connect(call, &ApiJob::finished, this, [this, call] {
        const auto &result = call->result();
        if (!result.ok())
            fail(*result.error);
        else
            tokenVerified(*result.value);
    });
}

void AccessCheck::tokenVerified(const TokenStatus &status)
{
    const QString when = status.expiresOn.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
    if (!status.isActive()) {
        add(Step::Credentials, Outcome::Failed,
            status.status == u"expired" && status.expiresOn.isValid()
                ? u"The token is expired; it expired %1."_s.arg(when)
                : u"The token is %1: Cloudflare takes no requests with it."_s.arg(status.status));
        add(Step::Account, Outcome::NotChecked, u"Account %1: not checked."_s.arg(m_account.id));
        add(Step::Registrations, Outcome::NotChecked, u"Registrar registrations: not checked."_s);
        finish();
        return;
    }
    add(Step::Credentials, Outcome::Passed,
        status.expiresOn.isValid() ? u"The token is active; it expires %1."_s.arg(when)
                                   : u"The token is active; it does not expire."_s);
    if (accountOwnsToken()) // verified under the account: it belongs there
        add(Step::Account, Outcome::Passed,
            u"Account %1 can be reached with it (the token is the account's)."_s.arg(m_account.id));
    if (m_account.id.isEmpty()) {
        add(Step::Account, Outcome::NotChecked,
            u"Account: not checked; enter the account ID to check it too."_s);
        add(Step::Registrations, Outcome::NotChecked, u"Registrar registrations: not checked."_s);
        finish();
        return;
    }
    readRegistrations();
}

void AccessCheck::readRegistrations()
{
    m_asking = has(Step::Account) ? Step::Registrations : Step::Account;
    RegistrationPageCall *call = m_client->fetchRegistrationPage(m_account, QString(), 1);
    connect(call, &ApiJob::finished, this, [this, call] {
        const auto &result = call->result();
        if (!result.ok()) {
            fail(*result.error);
            return;
        }
        if (!has(Step::Credentials))
            add(Step::Credentials, Outcome::Passed,
                u"Cloudflare accepts %1."_s.arg(credentialsName()));
        if (!has(Step::Account))
            add(Step::Account, Outcome::Passed,
                u"Account %1 can be reached with them."_s.arg(m_account.id));
        add(Step::Registrations, Outcome::Passed,
            m_account.sandbox ? u"They can read the account's registrar sandbox registrations."_s
                              : u"They can read the account's registrar registrations."_s);
        finish();
    });
}

void AccessCheck::fail(const ApiError &error)
{
    const QString said = error.httpStatus ? cloudflareSaid(error) : QString();
    const QString account = m_account.id;
    bool accountUnknown = false; // the answer says nothing of it
    if (error.httpStatus == 0) {
        // No answer: nothing is known of this step or the next.
        const QString what = m_asking == Step::Credentials ? credentialsName()
                             : m_asking == Step::Account   ? u"account %1"_s.arg(account)
                                                           : u"the registrar registrations"_s;
        add(m_asking, Outcome::Failed, u"Could not check %1: %2"_s.arg(what, error.message));
    } else if (credentialsRefused(error)) {
        add(Step::Credentials, Outcome::Failed,
            u"Cloudflare rejected %1 (%2)."_s.arg(credentialsName(), said));
    } else if (accountUnreachable(error)) {
        if (!has(Step::Credentials) && error.httpStatus == 403) // past authentication
            add(Step::Credentials, Outcome::Passed,
                u"Cloudflare accepts %1."_s.arg(credentialsName()));
        add(Step::Account, Outcome::Failed,
            u"Account %1 cannot be reached with %2 (%3). Check the account ID, and that %2 "
            u"%4 for this account."_s.arg(account, credentialsName(), said,
                                          usesToken() ? u"was made"_s : u"are"_s));
    } else if (error.httpStatus == 403) {
        // Which of the two Cloudflare's refusal does not say: the likely one first.
        add(Step::Registrations, Outcome::Failed,
            u"%1 cannot read the registrar registrations of account %2 (%3). Give %4 Registrar "
            u"read permission on this account, and check the account ID."_s.arg(
                usesToken() ? u"The token"_s : u"The email and Global API Key"_s, account, said,
                usesToken() ? u"the token"_s : u"the user"_s));
        accountUnknown = true;
    } else {
        add(m_asking, Outcome::Failed, error.message);
    }
    // What could not be asked because of it.
    if (!has(Step::Account) && !accountUnknown)
        add(Step::Account, Outcome::NotChecked, u"Account %1: not checked."_s.arg(account));
    if (!has(Step::Registrations))
        add(Step::Registrations, Outcome::NotChecked, u"Registrar registrations: not checked."_s);
    finish();
}

void AccessCheck::finish()
{
    // In the order of the steps, whatever order the answers gave them.
    std::stable_sort(m_report.findings.begin(), m_report.findings.end(),
                     [](const Finding &a, const Finding &b) { return a.step < b.step; });
    emit finished(m_report);
}

} // namespace rw
