#pragma once

#include "net/ClientConfig.h"
#include "registrar/WorkflowRef.h"

#include <QList>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace rw {

struct ApiError;
class RegistrarClient;
struct TokenStatus;

// Checks, in order, what Registrar Watch needs of an account's credentials, and says which of
// them fails: that Cloudflare accepts them, that the account can be reached with them, and that
// they can read the account's registrar registrations. An API token is verified first (GET
// /user/tokens/verify, or under its account for an account-owned token); then one page of one
// registration is asked for (GET .../registrations?per_page=1). An email with a Global API Key
// has no token to verify: that one request tells all three.
class AccessCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccessCheck)
public:
    enum class Step {
        Credentials,
        Account,
        Registrations,
    };
    Q_ENUM(Step)
    enum class Outcome {
        Passed,
        Failed,
        NotChecked, // an earlier step failed, so this one could not be asked
    };
    Q_ENUM(Outcome)
    struct Finding
    {
        Step step = Step::Credentials;
        Outcome outcome = Outcome::NotChecked;
        QString sentence;
    };
    struct Report
    {
        QList<Finding> findings; // in the order of the steps; a step may be left out when an
                                 // answer said nothing about it
        [[nodiscard]] bool passed() const;
        [[nodiscard]] std::optional<Outcome> outcomeOf(Step step) const;
        // One line per finding, each marked ✔, ✘ or –.
        [[nodiscard]] QString text() const;
    };

    // Without an account ID, only a token can be checked, and only itself.
    AccessCheck(QNetworkAccessManager *network, ClientConfig config, AccountRef account,
                QObject *parent = nullptr);
    ~AccessCheck() override;

    // Called for every request that goes out, so that the account's budget counts it.
    void setSentObserver(std::function<void()> observer);
    // Starts the checks; finished() follows once, later.
    void start();

signals:
    void finished(const rw::AccessCheck::Report &report);

private:
    void verifyToken();
    void tokenVerified(const TokenStatus &status);
    void readRegistrations();
    void fail(const ApiError &error);
    void finish();
    [[nodiscard]] bool usesToken() const;
    [[nodiscard]] bool accountOwnsToken() const;
    [[nodiscard]] QString credentialsName() const;
    [[nodiscard]] bool has(Step step) const;
    void add(Step step, Outcome outcome, const QString &sentence);

    RegistrarClient *m_client;
    AccountRef m_account;
    Step m_asking = Step::Credentials;
    Report m_report;
};

} // namespace rw
