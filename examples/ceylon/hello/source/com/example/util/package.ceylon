shared package com.example.util;
