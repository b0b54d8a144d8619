#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace rw {

// C++20 has no std::expected; this is the small part of it we need.
template<typename E>
struct Unexpected
{
    E error;
};
template<typename E>
Unexpected(E) -> Unexpected<E>;

template<typename T, typename E = QString>
class [[nodiscard]] Expected
{
public:
    Expected(T value)
        : m_value(std::in_place_index<0>, std::move(value))
    {}
    template<typename G>
    Expected(Unexpected<G> failure)
        : m_value(std::in_place_index<1>, E(std::move(failure.error)))
    {}

    [[nodiscard]] bool hasValue() const { return m_value.index() == 0; }
    explicit operator bool() const { return hasValue(); }

    [[nodiscard]] const T &value() const & { return std::get<0>(m_value); }
    [[nodiscard]] T &value() & { return std::get<0>(m_value); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_value)); }
    [[nodiscard]] const E &error() const { return std::get<1>(m_value); }

    const T *operator->() const { return &value(); }
    const T &operator*() const & { return value(); }

private:
    std::variant<T, E> m_value;
};

} // namespace rw
