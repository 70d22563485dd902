//===--- MemberValues.h - what a private pointer member can hold -*- C++
//-*-===//
//
// A private pointer member of a class whose every member function this
// translation unit defines can only be written there: when each of those
// writes, the default member initialiser and every constructor's initialiser
// store NULL, the member is NULL wherever it is read.
//
//===----------------------------------------------------------------------===//
#ifndef PIPELINT_CHECKS_UTILS_MEMBERVALUES_H
#define PIPELINT_CHECKS_UTILS_MEMBERVALUES_H

#include "utils/ValueTracking.h"

namespace clang::tidy::pipelint::utils {

/// Whether \p Field (a private pointer member) is NULL on every path: the
/// class has no friends, no nested classes and no member templates, this
/// translation unit defines all its user-declared member functions, and
/// every store into the field (initialisers included) is a null constant.
/// Unknown as soon as the address of the field or a non-const reference to
/// it is taken.
NullEvidence privateFieldNullness(const FieldDecl *Field, ASTContext &Ctx);

} // namespace clang::tidy::pipelint::utils

#endif
