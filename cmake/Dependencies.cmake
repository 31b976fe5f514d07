# SPDX-License-Identifier: MIT
# Dependencies come from Debian packages, found here, never vendored or downloaded. A missing one stops the
# configuration with the name of the package to install.
find_package(PkgConfig)
find_package(Threads REQUIRED)

function(ht_require_library target header lib debpkg)
  find_path(_inc_${target} NAMES ${header} PATH_SUFFIXES ${ARGN})
  find_library(_lib_${target} NAMES ${lib})
  if(NOT _inc_${target} OR NOT _lib_${target})
    message(FATAL_ERROR "healthtopics needs ${header} and lib${lib}: install the Debian package ${debpkg} "
                        "(apt-get install -y ${debpkg})")
  endif()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_inc_${target}}"
                                             INTERFACE_LINK_LIBRARIES "${_lib_${target}}")
endfunction()

# utf8proc and OpenBLAS ship pkg-config files; prefer them.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(HT_UTF8PROC IMPORTED_TARGET GLOBAL libutf8proc)
  pkg_check_modules(HT_OPENBLAS IMPORTED_TARGET GLOBAL openblas)
endif()
if(HT_UTF8PROC_FOUND)
  add_library(ht::utf8proc ALIAS PkgConfig::HT_UTF8PROC)
else()
  ht_require_library(ht::utf8proc utf8proc.h utf8proc libutf8proc-dev)
endif()
if(HT_OPENBLAS_FOUND)
  add_library(ht::openblas ALIAS PkgConfig::HT_OPENBLAS)
else()
  ht_require_library(ht::openblas cblas.h openblas libopenblas-dev openblas-pthread x86_64-linux-gnu/openblas-pthread)
endif()
# liblinear and libsvm ship no pkg-config file.
ht_require_library(ht::liblinear linear.h linear liblinear-dev)
ht_require_library(ht::libsvm svm.h svm libsvm-dev libsvm)
# gumbo (the HTML5 parser behind --format html) ships a pkg-config file.
if(PKG_CONFIG_FOUND)
  pkg_check_modules(HT_GUMBO IMPORTED_TARGET GLOBAL gumbo)
endif()
if(HT_GUMBO_FOUND)
  add_library(ht::gumbo ALIAS PkgConfig::HT_GUMBO)
else()
  ht_require_library(ht::gumbo gumbo.h gumbo libgumbo-dev)
endif()
