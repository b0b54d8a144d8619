#pragma once

#include "net/ApiJob.h"
#include "registrar/Registration.h"
#include "registrar/TokenStatus.h"
#include "registrar/WorkflowStatus.h"

#include <functional>

namespace rw {

// An ApiJob whose successful answer is read into a T.
template<typename T>
class ApiCall final : public ApiJob
{
public:
    using Reader = std::function<Expected<T>(const Envelope &)>;

    ApiCall(Setup setup, Reader reader, QObject *parent)
        : ApiJob(std::move(setup), parent)
        , m_reader(std::move(reader))
    {}

    [[nodiscard]] const ApiResult<T> &result() const { return m_result; }
    [[nodiscard]] const ApiOutcome &outcome() const override { return m_result; }

protected:
    [[nodiscard]] ApiOutcome &mutableOutcome() override { return m_result; }
    [[nodiscard]] std::optional<QString> readResult(const Envelope &envelope) override
    {
        Expected<T> value = m_reader(envelope);
        if (!value)
            return value.error();
        m_result.value = std::move(value).value();
        return std::nullopt;
    }

private:
    Reader m_reader;
    ApiResult<T> m_result;
};

using StatusCall = ApiCall<WorkflowStatus>;
using TokenCall = ApiCall<TokenStatus>;
using RegistrationPageCall = ApiCall<RegistrationPage>;

} // namespace rw
