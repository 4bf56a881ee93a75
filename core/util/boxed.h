// Boxed<T>: an optional T kept on the heap, copied deeply like std::optional<T>.
//
// For a large, rarely present member of a type that is stored by the thousand: the port registry
// holds eleven thousand services and only a few hundred carry a teaching note. Inline, the empty
// notes made every entry two and a half times larger, and loading the registry touched that much
// more fresh memory, which is what start-up time was mostly spent on.
#pragma once

#include <memory>
#include <utility>

namespace portlens {

template <typename T>
class Boxed {
public:
    Boxed() = default;
    Boxed(T value) : m_value(std::make_unique<T>(std::move(value))) {} // NOLINT: like std::optional
    Boxed(const Boxed &other) : m_value(other.m_value ? std::make_unique<T>(*other.m_value) : nullptr) {}
    Boxed(Boxed &&) noexcept = default;
    Boxed &operator=(const Boxed &other)
    {
        if (this != &other) m_value = other.m_value ? std::make_unique<T>(*other.m_value) : nullptr;
        return *this;
    }
    Boxed &operator=(Boxed &&) noexcept = default;
    Boxed &operator=(T value)
    {
        m_value = std::make_unique<T>(std::move(value));
        return *this;
    }

    [[nodiscard]] bool has_value() const { return m_value != nullptr; } // NOLINT: std::optional's name
    explicit operator bool() const { return has_value(); }
    T &operator*() { return *m_value; }
    const T &operator*() const { return *m_value; }
    T *operator->() { return m_value.get(); }
    const T *operator->() const { return m_value.get(); }

private:
    std::unique_ptr<T> m_value;
};

} // namespace portlens
