enum AdminServerModule {}
